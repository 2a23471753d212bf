/**
 * An operator's part of a subtask's checkpoint: plain data (objects, arrays, strings, numbers,
 * Maps) that msgpack round-trips. Keyed state inside it is grouped by key group.
 */
export type OperatorStateSnapshot = Record<string, unknown>;
