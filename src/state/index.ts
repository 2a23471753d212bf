/** Keyed state: the heap backend, its states and the keyed timer queue (design.md §5). */
export { HeapKeyedStateBackend } from './heap-keyed-state-backend.js';
export { HeapListState, HeapReducingState, HeapValueState } from './heap-states.js';
export { HeapMapState } from './heap-map-state.js';
export { keyGroupRangeForSubtask, type KeyGroupRange } from './key-group-range.js';
export { KeyedTimerQueue, type InternalTimer } from './keyed-timer-queue.js';
export type { KeyContext } from './state-table.js';
