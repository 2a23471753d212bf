/**
 * The CheckpointCoordinator of one job (Flink's): while a round of the job runs it triggers a
 * checkpoint every `interval` (respecting min-pause and max-concurrent) at the tasks that start
 * one (sources, and tasks whose inputs all finished), collects an acknowledgement from every task
 * not finished at the trigger, writes `_metadata`, keeps the checkpoint in the store and notifies
 * the tasks. A checkpoint that times out, is declined or cannot be written is aborted and counted;
 * past `tolerable-failed-checkpoints` the job fails. A manual checkpoint (`triggerCheckpoint`) is
 * the same kind of checkpoint, started at once: it ignores the interval and min-pause, waits in a
 * queue ahead of the periodic trigger while max-concurrent checkpoints are pending, and resolves
 * with its id once it completes. A savepoint (`triggerSavepoint`) is a manual checkpoint that
 * completes into a directory of its own with `_metadata` of type SAVEPOINT: it never enters the
 * store (so num-retained and retention never delete it), and its failure is not counted against
 * tolerable-failed-checkpoints. A stop-with-savepoint (`triggerSavepoint` with a stop mode) tells the
 * sources to end after it; once it completed nothing more is triggered until the next round.
 * With interval 0 there is no periodic trigger, only requests. On a
 * restart the JobMaster asks it for the latest completed checkpoint that reads back intact.
 * Checkpoint ids keep counting across rounds.
 */
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ErrorCode, SluiceError, errorMessage } from '../common/errors.js';
import type { ExecutionAttemptId } from '../common/ids.js';
import type { Logger } from '../common/log.js';
import type { CheckpointSettings, CheckpointStatsSnapshot } from '../protocol/checkpoint-stats.js';
import { checkpointLocation, type CheckpointTrigger, type SavepointStopMode, type SubtaskCheckpointAck, type SubtaskCheckpointDecline, type SubtaskCheckpointMetrics } from '../protocol/checkpoints.js';
import type { JobVertex } from '../protocol/job-graph.js';
import type { JobStatus } from '../protocol/states.js';
import { CheckpointFailureManager, EXCEEDED_CHECKPOINT_TOLERABLE_FAILURE_MESSAGE, type CheckpointFailureReason } from './checkpoint-failure-manager.js';
import { CheckpointStatsTracker } from './checkpoint-stats-tracker.js';
import { METADATA_VERSION, discardLocation, initializeLocation, readVerifiedMetadata, vertexMetadata, writeMetadata, type CheckpointMetadata } from './checkpoint-storage.js';
import { CompletedCheckpointStore, discardOnJobEnd } from './completed-checkpoint-store.js';
import { PendingCheckpoint, type CheckpointTask } from './pending-checkpoint.js';
import { moveStateFiles, savepointLocation } from './savepoint-storage.js';

export interface CheckpointCoordinatorOptions {
  jobId: string;
  settings: CheckpointSettings;
  vertices: readonly JobVertex[];
  /** The current attempt of every subtask. */
  tasks(): readonly CheckpointTask[];
  /** Too many consecutive failed checkpoints: the JobMaster handles it as a failure of the job. */
  failJob(err: SluiceError): void;
  /** `web.checkpoints.history`. */
  historySize: number;
  log: Logger;
}

/** Manual checkpoint requests that may wait at once (Flink's CheckpointRequestDecider). */
export const MAX_QUEUED_REQUESTS = 1000;

/** A completed manual checkpoint or savepoint: its id and directory. */
interface CompletedSnapshot {
  checkpointId: number;
  location: string;
}

/** A manual checkpoint's or savepoint's caller, waiting for it to complete. */
interface ManualRequest {
  /** A savepoint's target directory; undefined for a checkpoint. */
  savepointTarget?: string;
  /** A stop-with-savepoint's mode, which the triggered tasks get. */
  stop?: SavepointStopMode;
  /** A checkpoint that must be full (Flink's FULL type): an incremental backend starts a new chain. */
  full?: boolean;
  resolve(done: CompletedSnapshot): void;
  reject(err: SluiceError): void;
}

function checkpointFailure(message: string): SluiceError {
  return new SluiceError(ErrorCode.CHECKPOINT_FAILED, message, { kind: 'external' });
}

const ZERO_METRICS: SubtaskCheckpointMetrics = { startDelayMs: 0, alignmentDurationMs: 0, syncDurationMs: 0, asyncDurationMs: 0, stateSize: 0, processedData: 0 };

export class CheckpointCoordinator {
  private readonly settings: CheckpointSettings;
  private readonly pending = new Map<number, PendingCheckpoint>();
  private readonly store: CompletedCheckpointStore;
  private readonly stats: CheckpointStatsTracker;
  private readonly failures: CheckpointFailureManager;
  private vertices!: readonly JobVertex[];
  private upstream!: ReadonlyMap<string, readonly string[]>;
  private parallelism!: ReadonlyMap<string, number>;
  private lastCheckpointId = 0;
  /** Manual requests waiting for a free place among max-concurrent pending checkpoints, oldest first. */
  private readonly queuedRequests: ManualRequest[] = [];
  /** The manual requests of pending checkpoints, by checkpoint id. */
  private readonly manualCheckpoints = new Map<number, ManualRequest>();
  private running = false;
  /** A stop-with-savepoint completed: the tasks are ending, so no checkpoint starts until the next round. */
  private stoppedWithSavepoint = false;
  private timer?: NodeJS.Timeout;
  private lastTriggerTime = 0;
  /** When the last checkpoint completed or was aborted (min-pause counts from it). */
  private lastEndTime = 0;

  constructor(private readonly opts: CheckpointCoordinatorOptions) {
    this.settings = opts.settings;
    this.stats = new CheckpointStatsTracker(opts.settings, opts.historySize);
    this.store = new CompletedCheckpointStore(opts.settings.numRetained, (id) => this.stats.reportDiscarded(id));
    this.failures = new CheckpointFailureManager(opts.settings.tolerableFailures);
    this.updateVertices(opts.vertices);
  }

  /** The job was rescaled: checkpoints from now on describe its vertices at their new parallelism. */
  updateVertices(vertices: readonly JobVertex[]): void {
    this.vertices = vertices;
    this.upstream = new Map(vertices.map((v) => [v.id, v.inputs.map((i) => i.sourceVertexId)]));
    this.parallelism = new Map(vertices.map((v) => [v.id, v.parallelism]));
  }

  /** Whether the periodic trigger runs (a round of the job is running). */
  get isRunning(): boolean {
    return this.running;
  }

  /** Every task of the round runs (or finished): the first periodic checkpoint follows after one interval. */
  start(): void {
    if (this.running || this.stoppedWithSavepoint) return;
    this.running = true;
    this.lastTriggerTime = Date.now();
    this.scheduleNext();
  }

  /**
   * Triggers a checkpoint now (Flink's manual checkpoint): resolves with its id once it completed,
   * rejects with CHECKPOINT_FAILED when it cannot start (not every task runs, too many requests
   * queued) or is aborted. While max-concurrent checkpoints are pending it waits for one to end.
   * With `full` (Flink's FULL type) an incremental backend writes a new full base instead of a
   * delta; other backends always take full checkpoints.
   */
  async triggerCheckpoint(full = false): Promise<number> {
    return (await this.request(undefined, undefined, full)).checkpointId;
  }

  /**
   * Triggers a savepoint into a new directory `<targetDirectory>/savepoint-<job id prefix>-<hex>`
   * and resolves with that directory once it completed; it starts and fails as a manual checkpoint
   * does (CHECKPOINT_FAILED), and an unwritable target fails it, not the job. With `stop` it is a
   * stop-with-savepoint (Flink's synchronous savepoint): the sources end once it completed.
   */
  async triggerSavepoint(targetDirectory: string, stop?: SavepointStopMode): Promise<string> {
    return (await this.request(targetDirectory, stop)).location;
  }

  /** The round ends (a failure, a cancel, the job's end): no more triggers, pending checkpoints are aborted. */
  stop(why: string): void {
    this.running = false;
    this.stoppedWithSavepoint = false;
    clearTimeout(this.timer);
    for (const r of this.queuedRequests.splice(0)) r.reject(checkpointFailure(`Checkpoint Coordinator is suspending: ${why}.`));
    for (const p of [...this.pending.values()]) this.abort(p, 'CHECKPOINT_COORDINATOR_SUSPEND', `Checkpoint Coordinator is suspending: ${why}.`);
  }

  /** The job ended in `status`: stops, and deletes the checkpoints unless the retention keeps them. */
  async shutdown(status: JobStatus): Promise<void> {
    this.stop(`the job is ${status}`);
    if (!discardOnJobEnd(status, this.settings.retention)) return;
    await this.store.discardAll();
    await discardLocation(join(this.settings.directory, this.opts.jobId)).catch((err: unknown) => this.opts.log.warn({ err: errorMessage(err) }, 'Could not delete the job\'s checkpoint directory'));
  }

  receiveAcknowledge(attemptId: ExecutionAttemptId, ack: SubtaskCheckpointAck): void {
    const p = this.pending.get(ack.checkpointId);
    const task = p?.acknowledge(attemptId, ack, false);
    if (!p || !task) return;
    this.stats.reportSubtask(p.checkpointId, task.vertexId, task.subtaskIndex, { ackTimestamp: Date.now(), metrics: ack.metrics, finished: false });
    if (p.fullyAcknowledged) void this.complete(p);
  }

  receiveDecline(attemptId: ExecutionAttemptId, decline: SubtaskCheckpointDecline): void {
    const p = this.pending.get(decline.checkpointId);
    if (!p?.awaits(attemptId)) return;
    const task = p.participants.find((t) => t.attemptId === attemptId)!;
    this.abort(p, 'CHECKPOINT_DECLINED', `Checkpoint ${p.checkpointId} was declined by ${this.taskName(task)}: ${decline.reason.message}`);
  }

  /**
   * `attemptId` finished. A checkpoint still waiting for it takes it as finished: the task
   * acknowledges every checkpoint it took part in before it reports FINISHED, so one it did not
   * acknowledge it never saw, and everything it emitted reached its consumers before their part.
   */
  taskFinished(attemptId: ExecutionAttemptId): void {
    for (const p of [...this.pending.values()]) {
      const task = p.acknowledge(attemptId, undefined, true);
      if (!task) continue;
      this.stats.reportSubtask(p.checkpointId, task.vertexId, task.subtaskIndex, { ackTimestamp: Date.now(), metrics: ZERO_METRICS, finished: true });
      if (p.fullyAcknowledged) void this.complete(p);
    }
  }

  /**
   * The latest completed checkpoint that reads back intact, for the next round to restore; each
   * newer one that does not is reported to `onSkipped` and forgotten. Undefined when none
   * completed; throws CHECKPOINT_CORRUPT when every retained one is damaged.
   */
  async restoreLatest(onSkipped: (err: SluiceError) => void): Promise<CheckpointMetadata | undefined> {
    const candidates = this.store.all();
    for (const [i, c] of candidates.entries()) {
      try {
        const metadata = await readVerifiedMetadata(c.location);
        this.stats.reportRestored(metadata.checkpointId, Date.now(), c.location, metadata.type === 'SAVEPOINT');
        return metadata;
      } catch (err) {
        const next = candidates[i + 1];
        const instead = next ? `restoring checkpoint ${next.metadata.checkpointId} instead` : 'no older checkpoint is retained';
        onSkipped(new SluiceError(ErrorCode.CHECKPOINT_CORRUPT, `Skipped checkpoint ${c.metadata.checkpointId} (${c.location}): ${errorMessage(err)}; ${instead}`, { kind: 'external' }));
        await this.store.remove(c.metadata.checkpointId);
      }
    }
    if (candidates.length === 0) return undefined;
    throw new SluiceError(ErrorCode.CHECKPOINT_CORRUPT, `None of the ${candidates.length} retained checkpoint(s) of job ${this.opts.jobId} can be restored (see the exception history)`, { kind: 'external' });
  }

  /**
   * The job started from a snapshot it did not take (a savepoint, another job's checkpoint): a
   * restore in the statistics. A `claimed` one (CLAIM mode) is deleted once the job's own
   * checkpoints subsume it.
   */
  reportRestoredSnapshot(metadata: CheckpointMetadata, location: string, claimed: boolean): void {
    this.stats.reportRestored(metadata.checkpointId, Date.now(), location, metadata.type === 'SAVEPOINT');
    if (claimed) this.store.claim(location);
  }

  statsSnapshot(): CheckpointStatsSnapshot {
    return this.stats.snapshot();
  }

  private request(savepointTarget?: string, stop?: SavepointStopMode, full = false): Promise<CompletedSnapshot> {
    return new Promise((resolve, reject) => {
      // The round is deploying, restarting or ending.
      if (!this.running) reject(this.notAllTasksRunning());
      else if (this.queuedRequests.length >= MAX_QUEUED_REQUESTS) reject(checkpointFailure(`Checkpoint of job ${this.opts.jobId} could not be triggered: The maximum number of queued checkpoint requests exceeded (${MAX_QUEUED_REQUESTS}).`));
      else {
        this.queuedRequests.push({ savepointTarget, stop, full, resolve, reject });
        this.scheduleNext();
      }
    });
  }

  /**
   * Starts the queued manual checkpoints that fit under max-concurrent (they go first and ignore
   * min-pause, as in Flink), then sets the timer of the next periodic trigger, if one may start.
   */
  private scheduleNext(): void {
    clearTimeout(this.timer);
    if (!this.running) return;
    const { interval, minPause, maxConcurrent } = this.settings;
    // A started checkpoint schedules again once it is pending, which starts the next queued one.
    if (this.queuedRequests.length > 0) {
      if (this.pending.size < maxConcurrent) void this.startCheckpoint(this.queuedRequests.shift());
      return;
    }
    if (interval === 0) return;
    // A min-pause measures from the end of one checkpoint to the start of the next: one at a time.
    if (this.pending.size >= (minPause > 0 ? 1 : maxConcurrent)) return;
    const at = Math.max(this.lastTriggerTime + interval, this.lastEndTime + minPause);
    this.timer = setTimeout(() => void this.startCheckpoint(), Math.max(0, at - Date.now()));
  }

  /** Starts a checkpoint: the periodic one, or the checkpoint or savepoint `manual` asked for. */
  private async startCheckpoint(manual?: ManualRequest): Promise<void> {
    const tasks = this.opts.tasks();
    const now = Date.now();
    if (!manual) this.lastTriggerTime = now;
    // Not all tasks run (some deploy, or the round is ending): the periodic trigger tries again
    // after an interval, as Flink does; a manual one fails.
    if (tasks.every((t) => t.state === 'FINISHED') || tasks.some((t) => t.state !== 'RUNNING' && t.state !== 'FINISHED')) {
      manual?.reject(this.notAllTasksRunning());
      this.scheduleNext();
      return;
    }
    const checkpointId = ++this.lastCheckpointId;
    const location = checkpointLocation(this.settings.directory, this.opts.jobId, checkpointId);
    const savepoint = manual?.savepointTarget === undefined ? undefined : savepointLocation(manual.savepointTarget, this.opts.jobId);
    const p = new PendingCheckpoint(checkpointId, now, location, tasks, savepoint);
    this.pending.set(checkpointId, p);
    if (manual) this.manualCheckpoints.set(checkpointId, manual);
    this.stats.reportPending(checkpointId, now, this.parallelism, savepoint !== undefined);
    for (const t of tasks) {
      if (t.state === 'FINISHED') this.stats.reportSubtask(checkpointId, t.vertexId, t.subtaskIndex, { ackTimestamp: now, metrics: ZERO_METRICS, finished: true });
    }
    p.timeout = setTimeout(() => this.abort(p, 'CHECKPOINT_EXPIRED', `Checkpoint ${checkpointId} expired before completing (execution.checkpointing.timeout: ${this.settings.timeout} ms).`), this.settings.timeout);
    this.scheduleNext();
    // A savepoint's directory is created now, so an unwritable target fails it before the tasks work.
    for (const dir of savepoint === undefined ? [location] : [location, savepoint]) {
      try {
        await initializeLocation(dir);
      } catch (err) {
        this.abort(p, 'IO_EXCEPTION', `${savepoint === undefined ? 'Checkpoint' : 'Savepoint'} ${checkpointId} could not create its directory ${dir}: ${errorMessage(err)}`);
        return;
      }
    }
    if (p.disposed) return;
    const finished = new Set(tasks.filter((t) => t.state === 'FINISHED').map((t) => t.vertexId + '/' + t.subtaskIndex));
    const allFinished = (vertexId: string): boolean => {
      for (let i = 0; i < this.parallelism.get(vertexId)!; i++) if (!finished.has(vertexId + '/' + i)) return false;
      return true;
    };
    const trigger: CheckpointTrigger = { checkpointId, timestamp: now, location, ...(manual?.stop && { stop: manual.stop }), ...(savepoint !== undefined && { savepoint: true }), ...(manual?.full && { full: true }) };
    for (const t of p.participants) {
      if (!this.upstream.get(t.vertexId)!.every(allFinished)) continue;
      // A task that finished meanwhile cannot take it: its FINISHED report settles its part.
      t.gateway?.triggerCheckpoint(t.attemptId, trigger).catch((err: unknown) => this.opts.log.debug({ checkpointId, err: errorMessage(err) }, `Could not trigger checkpoint at ${this.taskName(t)}`));
    }
  }

  private async complete(p: PendingCheckpoint): Promise<void> {
    clearTimeout(p.timeout);
    const location = p.savepointLocation ?? p.location;
    const metadata: CheckpointMetadata = { version: METADATA_VERSION, jobId: this.opts.jobId, checkpointId: p.checkpointId, timestamp: p.timestamp, type: p.savepointLocation ? 'SAVEPOINT' : 'CHECKPOINT', vertices: vertexMetadata(this.vertices), subtasks: p.subtaskStates() };
    try {
      if (p.savepointLocation) metadata.subtasks = await moveStateFiles(metadata.subtasks, p.location, p.savepointLocation);
      await writeMetadata(location, metadata);
    } catch (err) {
      this.abort(p, 'IO_EXCEPTION', `${p.savepointLocation ? 'Savepoint' : 'Checkpoint'} ${p.checkpointId} could not write its files in ${location}: ${errorMessage(err)}`);
      return;
    }
    // Aborted while the metadata was written (the round ended): abort removed the directory.
    if (p.disposed) return;
    p.disposed = true;
    this.pending.delete(p.checkpointId);
    this.lastEndTime = Date.now();
    const manual = this.manualCheckpoints.get(p.checkpointId);
    manual?.resolve({ checkpointId: p.checkpointId, location });
    this.manualCheckpoints.delete(p.checkpointId);
    // As Flink stops its checkpoint scheduler for a synchronous savepoint: the sources end now, and
    // a checkpoint triggered at ending tasks could only be declined.
    if (manual?.stop) {
      this.stop(`job ${this.opts.jobId} is stopping with savepoint ${p.checkpointId}`);
      this.stoppedWithSavepoint = true;
    }
    this.failures.handleSuccess(p.checkpointId);
    this.stats.reportCompleted(p.checkpointId, location);
    this.opts.log.info({ checkpointId: p.checkpointId, durationMs: this.lastEndTime - p.timestamp, location }, `Completed ${p.savepointLocation ? 'savepoint' : 'checkpoint'} ${p.checkpointId} for job ${this.opts.jobId}`);
    // An older checkpoint still pending can only complete into a state that is already superseded;
    // a savepoint supersedes nothing, as it is not restored from by a restart.
    for (const older of p.savepointLocation ? [] : [...this.pending.values()]) {
      if (older.checkpointId < p.checkpointId) this.abort(older, 'CHECKPOINT_SUBSUMED', `Checkpoint ${older.checkpointId} has been subsumed by checkpoint ${p.checkpointId}.`);
    }
    for (const t of p.acknowledged) {
      t.gateway?.notifyCheckpointComplete(t.attemptId, p.checkpointId).catch((err: unknown) => this.opts.log.debug({ err: errorMessage(err) }, `Could not notify ${this.taskName(t)} of checkpoint ${p.checkpointId}`));
    }
    this.scheduleNext();
    if (p.savepointLocation) {
      // Its files are copied: the staging directory in the checkpoint directory goes.
      await discardLocation(p.location).catch((err: unknown) => this.opts.log.warn({ err: errorMessage(err) }, `Could not delete the staging directory of savepoint ${p.checkpointId}`));
      return;
    }
    await this.store.add({ metadata, location: p.location }).catch((err: unknown) => this.opts.log.warn({ err: errorMessage(err) }, 'Could not delete a subsumed checkpoint'));
  }

  /** Aborts `p`: the tasks drop their part, its directory goes, and the failure is counted. */
  private abort(p: PendingCheckpoint, reason: CheckpointFailureReason, message: string): void {
    if (p.disposed) return;
    p.disposed = true;
    clearTimeout(p.timeout);
    this.pending.delete(p.checkpointId);
    this.lastEndTime = Date.now();
    this.manualCheckpoints.get(p.checkpointId)?.reject(checkpointFailure(message));
    this.manualCheckpoints.delete(p.checkpointId);
    this.stats.reportFailed(p.checkpointId, this.lastEndTime, message);
    this.opts.log.warn({ checkpointId: p.checkpointId, reason }, message);
    for (const t of p.participants) {
      t.gateway?.notifyCheckpointAborted(t.attemptId, p.checkpointId).catch(() => undefined);
    }
    for (const dir of p.savepointLocation ? [p.location, p.savepointLocation] : [p.location]) {
      void discardLocation(dir).catch((err: unknown) => this.opts.log.warn({ err: errorMessage(err) }, `Could not delete the directory of aborted checkpoint ${p.checkpointId}`));
    }
    // The shared files only it names: its subtasks wrote them (an incremental backend never reuses those).
    const written = p.subtaskStates().flatMap((e) => e.keyedStateFiles ?? []).filter((f) => dirname(f.path) !== p.location && !this.store.sharedState.tracks(f.path));
    for (const f of written) void rm(f.path, { force: true }).catch(() => undefined);
    this.scheduleNext();
    // A failed savepoint says nothing about the health of the job's checkpoints (Flink does not count it either).
    if (!p.savepointLocation && this.failures.handleFailure(p.checkpointId, reason)) {
      this.opts.failJob(new SluiceError(ErrorCode.CHECKPOINT_FAILED, `${EXCEEDED_CHECKPOINT_TOLERABLE_FAILURE_MESSAGE} (execution.checkpointing.tolerable-failed-checkpoints: ${this.settings.tolerableFailures}) The last failure: ${message}`, { kind: 'user' }));
    }
  }

  /** Flink's NOT_ALL_REQUIRED_TASKS_RUNNING, for a manual checkpoint that cannot start. */
  private notAllTasksRunning(): SluiceError {
    return checkpointFailure(`Checkpoint of job ${this.opts.jobId} could not be triggered: Not all required tasks are currently running.`);
  }

  private taskName(t: CheckpointTask): string {
    const v = this.vertices.find((x) => x.id === t.vertexId);
    return `${v?.name ?? t.vertexId} (${t.subtaskIndex + 1}/${v?.parallelism ?? '?'})`;
  }
}
