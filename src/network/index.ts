/** The network stack (Flink's `io.network`): how records and events move between tasks. */
export * from './buffer-kind.js';
export * from './record-batch-codec.js';
export type * from './task-messages.js';
