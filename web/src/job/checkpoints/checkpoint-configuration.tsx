/** The Configuration sub-tab: every field of `/jobs/:id/checkpoints/config`, as Flink's dashboard words it. */
import type { CheckpointConfigInfo } from '../../../../src/rest/api-types.js';
import { formatDuration } from '../../format.js';

/** Flink's interval of a job that checkpoints only when asked (Long.MAX_VALUE, which JSON.parse rounds). */
const NO_PERIODIC_CHECKPOINTS = Number.MAX_SAFE_INTEGER;

const enabled = (on: boolean): string => (on ? 'Enabled' : 'Disabled');

function externalization({ enabled: on, delete_on_cancellation: deleted }: CheckpointConfigInfo['externalization']): string {
  if (!on) return 'Disabled';
  return deleted ? 'Enabled (delete on cancellation)' : 'Enabled (retain on cancellation)';
}

export function CheckpointConfiguration({ config }: { config: CheckpointConfigInfo }) {
  const rows: [string, string][] = [
    ['Checkpointing Mode', config.mode === 'EXACTLY_ONCE' ? 'Exactly Once' : 'At Least Once'],
    ['Checkpoint Storage', config.checkpoint_storage],
    ['State Backend', config.state_backend],
    ['Interval', config.interval >= NO_PERIODIC_CHECKPOINTS ? 'Periodic checkpoints disabled' : formatDuration(config.interval)],
    ['Timeout', formatDuration(config.timeout)],
    ['Minimum Pause Between Checkpoints', formatDuration(config.min_pause)],
    ['Maximum Concurrent Checkpoints', String(config.max_concurrent)],
    ['Unaligned Checkpoints', enabled(config.unaligned_checkpoints)],
    ['Aligned Checkpoint Timeout', formatDuration(config.aligned_checkpoint_timeout)],
    ['Persist Checkpoints Externally', externalization(config.externalization)],
    ['Tolerable Failed Checkpoints', String(config.tolerable_failed_checkpoints)],
    ['Checkpoints With Finished Tasks', enabled(config.checkpoints_after_tasks_finish)],
    ['Changelog State Backend', enabled(config.state_changelog_enabled)],
    ['Changelog Storage', config.changelog_storage],
    ['Changelog Periodic Materialization Interval', formatDuration(config.changelog_periodic_materialization_interval)],
  ];
  return (
    <div className="card">
      <table className="kv" data-testid="checkpoint-config">
        <tbody>{rows.map(([option, value]) => <tr key={option}><th>{option}</th><td>{value}</td></tr>)}</tbody>
      </table>
    </div>
  );
}
