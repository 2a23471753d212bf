/**
 * `GET /jobs/:jobid/checkpoints/config` (Flink's CheckpointConfigInfo). A Sluice program sets
 * only the interval (`enableCheckpointing`); every other field is Flink's default for such a
 * program, which Sluice has no setting for and does not act on yet: it takes no checkpoints.
 */
import type { Static } from '@sinclair/typebox';
import { ErrorCode, SluiceError } from '../../common/errors.js';
import { Configuration } from '../../common/config/configuration.js';
import { CheckpointingOptions } from '../../common/config/options.js';
import type { ArchivedExecutionGraph } from '../../protocol/execution-graph-info.js';
import type { CheckpointConfigSchema } from './checkpoint-schemas.js';

type CheckpointConfig = Static<typeof CheckpointConfigSchema>;

const TEN_MINUTES = 600_000;

/** Flink's defaults (CheckpointingOptions, StateChangelogOptions) for what a program cannot set in Sluice. */
const FLINK_DEFAULTS: Omit<CheckpointConfig, 'interval'> = {
  mode: 'EXACTLY_ONCE',
  timeout: TEN_MINUTES,
  min_pause: 0,
  max_concurrent: 1,
  // NO_EXTERNALIZED_CHECKPOINTS: not retained, so deleted on cancellation.
  externalization: { enabled: false, delete_on_cancellation: true },
  // Sluice's keyed state lives on the heap, as with Flink's default backend.
  state_backend: 'HashMapStateBackend',
  checkpoint_storage: 'JobManagerCheckpointStorage',
  unaligned_checkpoints: false,
  tolerable_failed_checkpoints: 0,
  aligned_checkpoint_timeout: 0,
  checkpoints_after_tasks_finish: true,
  state_changelog_enabled: false,
  changelog_periodic_materialization_interval: TEN_MINUTES,
  changelog_storage: 'memory',
};

/** The job's checkpoint interval in ms, or undefined when it does not checkpoint. */
export function checkpointInterval(graph: ArchivedExecutionGraph): number | undefined {
  // As set by enableCheckpointing (milliseconds) or flinkConfiguration (any duration, e.g. "1 min").
  const interval = new Configuration(Object.entries(graph.jobConfig)).get(CheckpointingOptions.INTERVAL);
  return interval > 0 ? interval : undefined;
}

/** The configuration; 404 with Flink's message when the job does not checkpoint. */
export function checkpointConfigJson(graph: ArchivedExecutionGraph): CheckpointConfig {
  const interval = checkpointInterval(graph);
  if (interval === undefined) throw SluiceError.user(ErrorCode.NOT_FOUND, `Checkpointing is not enabled for this job (${graph.jobId}).`);
  return { ...FLINK_DEFAULTS, interval };
}

/**
 * What the checkpoint detail routes answer: Flink's 404s, as Sluice keeps no checkpoint
 * statistics (it takes no checkpoints yet), so no checkpoint id is ever known.
 */
export function checkpointNotFound(graph: ArchivedExecutionGraph, checkpointId: number): SluiceError {
  if (checkpointInterval(graph) === undefined) return SluiceError.user(ErrorCode.NOT_FOUND, `Checkpointing was not enabled for job ${graph.jobId}.`);
  return SluiceError.user(ErrorCode.NOT_FOUND, `Could not find checkpointing statistics for checkpoint ${checkpointId}.`);
}
