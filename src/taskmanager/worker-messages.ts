/** Messages between the TaskExecutor (main thread) and a slot's task worker thread. */
import type { SerializedError } from '../common/errors.js';
import type { TaskDeploymentDescriptor, TaskIOMetrics } from '../protocol/deployment.js';
import type { ExecutionState } from '../protocol/states.js';

/** Address of one input channel: the consuming attempt, the edge, the producing subtask. */
export interface ChannelAddress {
  /** Consumer execution attempt id. */
  to: string;
  /** Edge key (`sourceNodeId-targetNodeId`). */
  edge: string;
  /** Producer subtask index. */
  from: number;
}

/** A batch of serialized records (msgpack array), or the end of a channel when `bytes` is absent. */
export interface DataMessage extends ChannelAddress {
  t: 'data';
  jobId: string;
  bytes?: Uint8Array;
}

/** Main -> worker. */
export type ToWorker =
  | { t: 'deploy'; tdd: TaskDeploymentDescriptor; packagePath: string; cacheDir: string }
  | { t: 'cancel'; executionAttemptId: string }
  | DataMessage;

/** Worker -> main: a data batch for a task elsewhere, carrying where its consumer runs. */
export interface OutboundData extends DataMessage {
  taskManagerId: string;
  host: string;
  port: number;
}

/** Worker -> main. */
export type FromWorker =
  | { t: 'state'; executionAttemptId: string; state: ExecutionState; error?: SerializedError; metrics?: TaskIOMetrics }
  | OutboundData;
