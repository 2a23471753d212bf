/** Messages between the TaskExecutor (main thread) and a slot's task worker thread. */
import type { MessagePort } from 'node:worker_threads';
import type { SerializedError } from '../common/errors.js';
import type { CheckpointTrigger, SubtaskCheckpointAck, SubtaskCheckpointDecline } from '../protocol/checkpoints.js';
import type { TaskDeploymentDescriptor, TaskIOMetrics } from '../protocol/deployment.js';
import type { ExecutionState } from '../protocol/states.js';
import type { Inbound, TaskMessage } from '../network/index.js';

export type { Inbound, TaskMessage };

/** Main -> worker. */
export type ToWorker =
  /** A port to the worker of another slot of this TaskManager (by its allocation id). */
  | { t: 'connect'; allocationId: string; port: MessagePort }
  | { t: 'deploy'; tdd: TaskDeploymentDescriptor; packagePath: string; cacheDir: string; localStateDir: string }
  | { t: 'cancel'; jobId: string; executionAttemptId: string }
  /** The JobMaster freed buffer space for the collect sink of this attempt (executeAndCollect). */
  | { t: 'collectCredit'; executionAttemptId: string; credits: number }
  /** Start checkpoint `trigger.checkpointId` at this attempt (a source, or a task whose inputs ended). */
  | { t: 'triggerCheckpoint'; executionAttemptId: string; trigger: CheckpointTrigger }
  /** Checkpoint `checkpointId` completed (`completed`) or was aborted. */
  | { t: 'checkpointNotification'; executionAttemptId: string; checkpointId: number; completed: boolean }
  /**
   * The connection to TaskManager `taskManagerId` is lost: every task of the job here with an open
   * channel from or to it fails with `reason` (so the job fails over).
   */
  | PeerLost
  | (TaskMessage & Inbound);

/** Main -> worker: a peer TaskManager of job `jobId` is gone. */
export interface PeerLost {
  t: 'peerLost';
  jobId: string;
  taskManagerId: string;
  reason: string;
}

/**
 * Worker -> main: a message the worker refused (an unknown edge, a producer not connected to that
 * edge, input after its channel ended). `via`/`peer` are the connection it came on, if any.
 */
export interface BadInput extends Inbound {
  t: 'badInput';
  jobId: string;
  reason: string;
}

/** Where the attempt a worker message is for runs. */
export interface Destination {
  taskManagerId: string;
  host: string;
  port: number;
}

/** Worker -> main: a message for a task in another slot, with where that task runs. */
export interface Outbound {
  t: 'out';
  dest: Destination;
  msg: TaskMessage;
}

/** Worker -> main: a batch of `count` results of a collect sink (msgpack), for the JobMaster. */
export interface CollectMessage {
  t: 'collect';
  executionAttemptId: string;
  operatorId: string;
  bytes: Uint8Array;
  count: number;
  end: boolean;
}

/** Worker -> main: the attempt took its part of a checkpoint (`ack`) or could not (`decline`), for its JobMaster. */
export type CheckpointResponse =
  | { t: 'checkpointAck'; executionAttemptId: string; ack: SubtaskCheckpointAck }
  | { t: 'checkpointDecline'; executionAttemptId: string; decline: SubtaskCheckpointDecline };

/** Worker -> main. */
export type FromWorker =
  | CollectMessage
  | CheckpointResponse
  | { t: 'state'; executionAttemptId: string; state: ExecutionState; error?: SerializedError; metrics?: TaskIOMetrics }
  | { t: 'print'; stderr: boolean; text: string }
  | { t: 'metrics'; updates: { jobId: string; executionAttemptId: string; metrics: TaskIOMetrics }[] }
  /** Sent every second: the worker's event loop is not blocked (the TaskExecutor's watchdog). */
  | { t: 'alive' }
  /** Sent once at start: the worker's OS thread id, so thread dumps can name the thread. */
  | { t: 'thread'; tid: number | undefined }
  | BadInput
  /** A line for the TaskManager's log (the worker has no logger of its own). */
  | { t: 'log'; level: 'info' | 'warn'; text: string; fields: Record<string, unknown> }
  | Outbound;
