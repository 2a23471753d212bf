/**
 * A triggered checkpoint waiting for its acknowledgements (Flink's PendingCheckpoint): every
 * subtask not finished at the trigger must acknowledge, or finish, before it can complete.
 */
import type { ExecutionAttemptId } from '../common/ids.js';
import type { SubtaskCheckpointAck } from '../protocol/checkpoints.js';
import type { TaskExecutorGateway } from '../protocol/gateways.js';
import type { ExecutionState } from '../protocol/states.js';
import type { SubtaskStateEntry } from './checkpoint-storage.js';

/** A subtask attempt as the coordinator sees it. */
export interface CheckpointTask {
  attemptId: ExecutionAttemptId;
  vertexId: string;
  subtaskIndex: number;
  state: ExecutionState;
  /** The TaskExecutor running it; undefined before it is deployed. */
  gateway?: TaskExecutorGateway;
}

export class PendingCheckpoint {
  private readonly notYetAcknowledged = new Map<ExecutionAttemptId, CheckpointTask>();
  private readonly entries: SubtaskStateEntry[] = [];
  /** Attempts that take part (were running at the trigger): told when it is aborted. */
  readonly participants: readonly CheckpointTask[];
  /** Attempts that acknowledged (not those that finished instead): told when it completes. */
  readonly acknowledged: CheckpointTask[] = [];
  /** Set once it completed or was aborted: late acknowledgements and timers do nothing. */
  disposed = false;
  timeout?: NodeJS.Timeout;

  /**
   * `location` is where the tasks write their state files; a savepoint's own directory is
   * `savepointLocation`, which its files are copied into when it completes.
   */
  constructor(readonly checkpointId: number, readonly timestamp: number, readonly location: string, tasks: readonly CheckpointTask[], readonly savepointLocation?: string) {
    this.participants = tasks.filter((t) => t.state !== 'FINISHED');
    for (const t of this.participants) this.notYetAcknowledged.set(t.attemptId, t);
    for (const t of tasks) if (t.state === 'FINISHED') this.entries.push({ vertexId: t.vertexId, subtaskIndex: t.subtaskIndex, finished: true });
  }

  get fullyAcknowledged(): boolean {
    return this.notYetAcknowledged.size === 0;
  }

  /** Whether `attemptId` must still acknowledge. */
  awaits(attemptId: ExecutionAttemptId): boolean {
    return this.notYetAcknowledged.has(attemptId);
  }

  /**
   * Takes the part of `attemptId`: its state files, or that it finished without acknowledging (it
   * emitted everything it ever will before its consumers took their part). Returns the task, or
   * undefined when it was not awaited.
   */
  acknowledge(attemptId: ExecutionAttemptId, ack: Pick<SubtaskCheckpointAck, 'state' | 'keyedStateFiles'> | undefined, finished: boolean): CheckpointTask | undefined {
    const task = this.notYetAcknowledged.get(attemptId);
    if (!task) return undefined;
    this.notYetAcknowledged.delete(attemptId);
    if (!finished) this.acknowledged.push(task);
    const { state, keyedStateFiles } = ack ?? {};
    this.entries.push({ vertexId: task.vertexId, subtaskIndex: task.subtaskIndex, finished, ...(state && { state }), ...(keyedStateFiles?.length && { keyedStateFiles }) });
    return task;
  }

  /** Every subtask's part, for `_metadata`. */
  subtaskStates(): SubtaskStateEntry[] {
    return [...this.entries].sort((a, b) => a.vertexId.localeCompare(b.vertexId) || a.subtaskIndex - b.subtaskIndex);
  }
}
