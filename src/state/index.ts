/** Keyed and operator state: the heap and RocksDB backends, their states, the keyed timer queue, and their snapshots (design.md §5). */
export { AbstractKeyedStateBackend } from './abstract-keyed-state-backend.js';
export { HeapKeyedStateBackend } from './heap-keyed-state-backend.js';
export { KeyedListState, KeyedReducingState, KeyedValueState } from './keyed-states.js';
export { KeyedMapState } from './keyed-map-state.js';
export { decodeCompositeKey, encodeCompositeKey, isCompositeKey } from './key-encoding.js';
export { selectKeyedState, type KeyedEntries, type KeyedStateSnapshot, type StateKind } from './keyed-state-snapshot.js';
export { createKeyedStateBackend, HEAP_STATE_BACKEND, type KeyedStateBackendSettings } from './keyed-state-backend-factory.js';
export { KeyedTimerQueue, selectTimers, type InternalTimer, type TimersSnapshot } from './keyed-timer-queue.js';
export { hasUnionListState, OperatorListState, OperatorStateBackend, redistributeListStates, unionListStates, type OperatorStateMode, type OperatorStateBackendSnapshot } from './operator-state-backend.js';
export { RocksDBKeyedStateBackend } from './rocksdb-keyed-state-backend.js';
export type { KeyContext } from './state-table.js';
