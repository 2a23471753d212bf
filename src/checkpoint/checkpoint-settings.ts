/** A job's checkpoint settings from its configuration, checked at submission. */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Configuration } from '../common/config/configuration.js';
import { CheckpointingOptions, MIN_CHECKPOINT_INTERVAL_MS } from '../common/config/options.js';
import { ErrorCode, SluiceError } from '../common/errors.js';
import type { CheckpointSettings } from '../protocol/checkpoint-stats.js';

/** Where checkpoints go when no directory is configured: only good when every process runs on this host. */
export function defaultCheckpointDirectory(): string {
  return join(tmpdir(), 'sluice-checkpoints');
}

/**
 * The settings of a job whose configuration is `config` (cluster's merged with the job's); interval
 * 0 means no periodic checkpoints, though savepoints can still be taken, as in Flink. Throws
 * INVALID_CONFIG naming the key of a bad value, so a submission with one is refused (400).
 */
export function checkpointSettings(config: Configuration): CheckpointSettings {
  const interval = config.get(CheckpointingOptions.INTERVAL);
  if (interval !== 0 && interval < MIN_CHECKPOINT_INTERVAL_MS) {
    throw invalid(`Invalid value '${interval} ms' for config option '${CheckpointingOptions.INTERVAL.key}': the checkpoint interval must be at least ${MIN_CHECKPOINT_INTERVAL_MS} ms (0 turns checkpointing off)`);
  }
  const timeout = config.get(CheckpointingOptions.TIMEOUT);
  if (timeout <= 0) throw invalid(`Invalid value '${timeout} ms' for config option '${CheckpointingOptions.TIMEOUT.key}': the checkpoint timeout must be more than 0`);
  return {
    interval,
    mode: config.get(CheckpointingOptions.MODE),
    timeout,
    minPause: config.get(CheckpointingOptions.MIN_PAUSE),
    maxConcurrent: config.get(CheckpointingOptions.MAX_CONCURRENT),
    tolerableFailures: config.get(CheckpointingOptions.TOLERABLE_FAILURES),
    numRetained: config.get(CheckpointingOptions.NUM_RETAINED),
    retention: config.get(CheckpointingOptions.EXTERNALIZED_RETENTION),
    directory: config.get(CheckpointingOptions.DIRECTORY) || defaultCheckpointDirectory(),
    ...(config.get(CheckpointingOptions.SAVEPOINT_DIRECTORY) && { savepointDirectory: config.get(CheckpointingOptions.SAVEPOINT_DIRECTORY) }),
  };
}

function invalid(message: string): SluiceError {
  return SluiceError.user(ErrorCode.INVALID_CONFIG, message);
}
