export * from './stream-task.js';
export * from './broadcasting-output.js';
export * from './record-format.js';
export type { PrintTargets } from './operator-factory.js';
export type { PrintTarget } from './sink-operators.js';
export { CollectChannel, type CollectTransport } from './collect-sink-operator.js';
