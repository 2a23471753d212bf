/**
 * The checkpoint form of keyed state (Flink's keyed state handles, written per key group): plain
 * data that msgpack round-trips, grouped by key group so that a restore at another parallelism
 * can hand each key group to the subtask that owns it then (inline, or at a checkpoint streamed
 * into a file of its own, so state larger than the heap never is in it whole). Maps are written as `[key, value]`
 * pairs (msgpack would turn a Map, or an object with number keys, into a string-keyed object).
 */
import { containsKeyGroup, type KeyGroupRange } from '../common/key-group-range.js';
import type { KeyedStateFileRef } from './keyed-state-file.js';
import { ValueKeyedMap } from './value-keyed-map.js';

/** The kinds of keyed state, with Flink's names. */
export type StateKind = 'ValueState' | 'ListState' | 'MapState' | 'ReducingState';

/** One state's entries in one key group: each key (as the key selector returned it) with its value. */
export type KeyedEntries = [key: unknown, value: unknown][];

/** A keyed state backend's snapshot. */
export interface KeyedStateSnapshot {
  /** Every registered state by name, with its kind (a state restored before its function asks for it keeps it). */
  states: [name: string, kind: StateKind][];
  /** The key groups that hold state, ascending, with each state's entries (states without entries left out). */
  keyGroups: [keyGroup: number, states: [name: string, entries: KeyedEntries][]][];
  /**
   * More key groups, in keyed state files (keyed-state-file.ts) of the same form: a backend that
   * streams its snapshot (rocksdb) writes them there instead of into `keyGroups`. A restore
   * reads both, so snapshots merged from several subtasks may hold several files; an incremental
   * snapshot names its chain (a base, then deltas), which is restored in this order.
   */
  files?: KeyedStateFileRef[];
}

/**
 * A state value as written: a copy of what the backend mutates in place later (lists, maps), so
 * the snapshot stays as it was at the barrier. Values themselves are the user's and not copied.
 */
export function snapshotValue(kind: StateKind, value: unknown): unknown {
  switch (kind) {
    case 'ListState':
      return (value as unknown[]).slice();
    case 'MapState':
      return Array.from((value as ValueKeyedMap<unknown, unknown>).entries());
    default:
      return value;
  }
}

/** The value `snapshotValue` wrote, as the state keeps it. */
export function restoreValue(kind: StateKind, value: unknown): unknown {
  switch (kind) {
    case 'MapState': {
      const map = new ValueKeyedMap<unknown, unknown>();
      for (const [k, v] of value as [unknown, unknown][]) map.set(k, v);
      return map;
    }
    default:
      return value;
  }
}

/**
 * The keyed state of `range` in `snapshots`, the snapshots of one operator in subtasks of another
 * parallelism (in subtask order, so their key groups ascend): what a subtask owning `range`
 * restores after a rescale. Every registered state is kept; inline key groups are filtered here,
 * keyed state files all kept (the backend reads only its range of each).
 */
export function selectKeyedState(snapshots: readonly KeyedStateSnapshot[], range: KeyGroupRange): KeyedStateSnapshot {
  const states = new Map<string, StateKind>();
  for (const snapshot of snapshots) for (const [name, kind] of snapshot.states) if (!states.has(name)) states.set(name, kind);
  const selected: KeyedStateSnapshot = { states: [...states], keyGroups: snapshots.flatMap((s) => s.keyGroups.filter(([keyGroup]) => containsKeyGroup(range, keyGroup))) };
  const files = snapshots.flatMap((s) => s.files ?? []);
  return files.length === 0 ? selected : { ...selected, files };
}
