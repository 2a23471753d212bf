/**
 * Statistics of a job's checkpoints (Flink's CheckpointStatsTracker): counts, a summary over the
 * completed ones, the latest completed/failed/restored, and a bounded history, most recent first.
 */
import {
  checkpointFigures, type CheckpointSettings, type CheckpointStats, type CheckpointStatsSnapshot, type SubtaskCheckpointStats,
} from '../protocol/checkpoint-stats.js';
import { StatsSummaryTracker } from './stats-summary.js';

export class CheckpointStatsTracker {
  private readonly counts = { restored: 0, total: 0, inProgress: 0, completed: 0, failed: 0 };
  /** Most recent last; an entry of `pending` is updated in place. */
  private readonly history: CheckpointStats[] = [];
  /** In progress, by id, whether or not still in the history. */
  private readonly pending = new Map<number, CheckpointStats>();
  private latestCompleted?: CheckpointStats;
  private latestSavepoint?: CheckpointStats;
  private latestFailed?: CheckpointStats;
  private latestRestored?: CheckpointStatsSnapshot['latestRestored'];
  private readonly summary = { stateSize: new StatsSummaryTracker(), checkpointedSize: new StatsSummaryTracker(), endToEndDuration: new StatsSummaryTracker(), processedData: new StatsSummaryTracker() };

  constructor(private readonly settings: CheckpointSettings, private readonly historySize: number) {}

  /** A checkpoint (or a savepoint) was triggered; `parallelism` gives the subtasks of every vertex. */
  reportPending(id: number, triggerTimestamp: number, parallelism: ReadonlyMap<string, number>, savepoint = false): void {
    const subtasks: CheckpointStats['subtasks'] = {};
    for (const [vertexId, p] of parallelism) subtasks[vertexId] = new Array<SubtaskCheckpointStats | undefined>(p).fill(undefined);
    const entry: CheckpointStats = { id, status: 'IN_PROGRESS', savepoint, triggerTimestamp, subtasks };
    this.pending.set(id, entry);
    this.history.push(entry);
    if (this.history.length > this.historySize) this.history.shift();
    this.counts.total++;
    this.counts.inProgress++;
  }

  /** A subtask acknowledged (or had finished before the trigger). */
  reportSubtask(id: number, vertexId: string, subtaskIndex: number, stats: SubtaskCheckpointStats): void {
    const list = this.pending.get(id)?.subtasks[vertexId];
    if (list && subtaskIndex < list.length) list[subtaskIndex] = stats;
  }

  reportCompleted(id: number, externalPath: string): void {
    const entry = this.finish(id);
    if (!entry) return;
    entry.status = 'COMPLETED';
    entry.externalPath = externalPath;
    entry.discarded = false;
    // As in Flink, a savepoint counts among the completed and in the summary, but is the latest savepoint, not the latest checkpoint.
    this.counts.completed++;
    if (entry.savepoint) this.latestSavepoint = entry;
    else this.latestCompleted = entry;
    const figures = checkpointFigures(entry.triggerTimestamp, Object.values(entry.subtasks).flat());
    this.summary.stateSize.add(figures.stateSize);
    this.summary.checkpointedSize.add(figures.checkpointedSize);
    this.summary.endToEndDuration.add(figures.endToEndDuration);
    this.summary.processedData.add(figures.processedData);
  }

  reportFailed(id: number, failureTimestamp: number, failureMessage: string): void {
    const entry = this.finish(id);
    if (!entry) return;
    entry.status = 'FAILED';
    entry.failureTimestamp = failureTimestamp;
    entry.failureMessage = failureMessage;
    this.counts.failed++;
    this.latestFailed = entry;
  }

  /** A completed checkpoint's directory was deleted. */
  reportDiscarded(id: number): void {
    const entry = this.history.find((c) => c.id === id) ?? (this.latestCompleted?.id === id ? this.latestCompleted : undefined);
    if (entry) entry.discarded = true;
  }

  reportRestored(id: number, restoreTimestamp: number, externalPath: string, isSavepoint: boolean): void {
    this.counts.restored++;
    this.latestRestored = { id, restoreTimestamp, externalPath, isSavepoint };
  }

  /** Figures of the last completed checkpoint, for the job metrics; undefined before one. */
  lastCompleted(): CheckpointStats | undefined {
    return this.latestCompleted;
  }

  /** A copy that later reports do not change (the archive keeps it). */
  snapshot(): CheckpointStatsSnapshot {
    const copy = (c: CheckpointStats | undefined): CheckpointStats | undefined => c && structuredClone(c);
    const stateSize = this.summary.stateSize.summary();
    return {
      settings: { ...this.settings },
      counts: { ...this.counts },
      ...(stateSize && {
        summary: {
          stateSize,
          checkpointedSize: this.summary.checkpointedSize.summary()!,
          endToEndDuration: this.summary.endToEndDuration.summary()!,
          processedData: this.summary.processedData.summary()!,
        },
      }),
      history: this.history.map((c) => structuredClone(c)).reverse(),
      latestCompleted: copy(this.latestCompleted),
      latestSavepoint: copy(this.latestSavepoint),
      latestFailed: copy(this.latestFailed),
      latestRestored: this.latestRestored && { ...this.latestRestored },
    };
  }

  /** The pending entry of `id`, no longer counted in progress; undefined if it ended already. */
  private finish(id: number): CheckpointStats | undefined {
    const entry = this.pending.get(id);
    if (!entry) return undefined;
    this.pending.delete(id);
    this.counts.inProgress--;
    return entry;
  }
}
