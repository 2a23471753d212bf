/** Keyed and operator state: the heap backend, its states, the keyed timer queue, and their snapshots (design.md §5). */
export { HeapKeyedStateBackend } from './heap-keyed-state-backend.js';
export { HeapListState, HeapReducingState, HeapValueState } from './heap-states.js';
export { HeapMapState } from './heap-map-state.js';
export { decodeCompositeKey, encodeCompositeKey, isCompositeKey } from './key-encoding.js';
export { keyGroupRangeForSubtask, type KeyGroupRange } from './key-group-range.js';
export type { KeyedEntries, KeyedStateSnapshot, StateKind } from './keyed-state-snapshot.js';
export { KeyedTimerQueue, type InternalTimer, type TimersSnapshot } from './keyed-timer-queue.js';
export { hasUnionListState, OperatorListState, OperatorStateBackend, unionListStates, type OperatorStateMode, type OperatorStateBackendSnapshot } from './operator-state-backend.js';
export type { KeyContext } from './state-table.js';
