/**
 * The Overview sub-tab: the checkpoint counts and the latest completed, savepoint, failed and
 * restored checkpoint, each `None` until there is one.
 */
import type { ReactNode } from 'react';
import type { CheckpointingStatisticsInfo, CompletedCheckpointStatistics } from '../../../../src/rest/api-types.js';
import { formatBytes, formatDuration, formatTime } from '../../format.js';
import { orNa } from './figures.js';

type Facts = [string, ReactNode][];

/** One line of facts (`Label: value`), or `None`. */
function FactLine({ facts }: { facts?: Facts }) {
  if (!facts) return <span className="muted">None</span>;
  return <dl className="summary">{facts.map(([label, value]) => <div key={label}><dt>{label}</dt><dd>{value}</dd></div>)}</dl>;
}

const path = (p: string | null | undefined): ReactNode => (p ? <code>{p}</code> : 'n/a');

function completedFacts(c: CompletedCheckpointStatistics): Facts {
  return [
    ['ID', c.id],
    ['Completion Time', formatTime(c.latest_ack_timestamp)],
    ['End to End Duration', orNa(c.end_to_end_duration, formatDuration)],
    ['Checkpointed Data Size', formatBytes(c.checkpointed_size)],
    ['Full Checkpoint Data Size', formatBytes(c.state_size)],
    ['Path', path(c.external_path)],
  ];
}

export function CheckpointOverview({ stats }: { stats: CheckpointingStatisticsInfo }) {
  const { counts, latest } = stats;
  const { completed, savepoint, failed, restored } = latest;
  const rows: [string, string, Facts | undefined][] = [
    ['counts', 'Checkpoint Counts', [
      ['Triggered', counts.total], ['In Progress', counts.in_progress], ['Completed', counts.completed],
      ['Failed', counts.failed], ['Restored', counts.restored],
    ]],
    ['completed', 'Latest Completed Checkpoint', completed ? completedFacts(completed) : undefined],
    ['failed', 'Latest Failed Checkpoint', failed ? [
      ['ID', failed.id],
      ['Failure Time', formatTime(failed.failure_timestamp)],
      ['Cause', failed.failure_message || 'n/a'],
    ] : undefined],
    ['savepoint', 'Latest Savepoint', savepoint ? completedFacts(savepoint) : undefined],
    ['restored', 'Latest Restore', restored ? [
      ['ID', restored.id],
      ['Restore Time', formatTime(restored.restore_timestamp)],
      ['Type', restored.is_savepoint ? 'Savepoint' : 'Checkpoint'],
      ['Path', path(restored.external_path)],
    ] : undefined],
  ];
  return (
    <div className="card">
      <table className="kv checkpoint-overview" data-testid="checkpoint-overview">
        <tbody>
          {rows.map(([id, label, facts]) => <tr key={id} data-testid={`checkpoint-${id}`}><th>{label}</th><td><FactLine facts={facts} /></td></tr>)}
        </tbody>
      </table>
    </div>
  );
}
