/** The network stack (Flink's `io.network`): how records and events move between tasks. */
export * from './buffer-kind.js';
export * from './channel-selectors.js';
export * from './event-codec.js';
export * from './events.js';
export * from './input-channel.js';
export * from './input-gate.js';
export * from './network-buffer.js';
export * from './network-environment.js';
export type * from './output-channel.js';
export * from './local-output-channel.js';
export * from './encoded-output-channel.js';
export * from './probing-record-writer.js';
export * from './record-batch-codec.js';
export * from './record-writer.js';
export * from './result-partition.js';
export * from './task-messages.js';
