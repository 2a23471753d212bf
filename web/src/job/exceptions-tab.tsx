/** The job's Exceptions tab: the root cause (newest entry) and the history with stack traces. */
import type { JobExceptionsInfoWithHistory } from '../../../src/rest/api-types.js';
import { getJson } from '../api.js';
import { ErrorMessage } from '../error-message.js';
import { formatTime } from '../format.js';
import { usePoll } from '../use-poll.js';

type Entry = JobExceptionsInfoWithHistory['exceptionHistory']['entries'][number];

export function ExceptionsTab({ jobId }: { jobId: string }) {
  const { data, error } = usePoll(`exceptions:${jobId}`, () => getJson<JobExceptionsInfoWithHistory>(`/jobs/${jobId}/exceptions`));
  if (error) return <ErrorMessage error={error} />;
  if (!data) return null;
  const { entries, truncated } = data.exceptionHistory;
  if (entries.length === 0) return <div className="card"><p className="empty">No exceptions: the job has not failed.</p></div>;
  return (
    <>
      <div className="card" data-testid="root-exception">
        <h2>Root Exception</h2>
        <EntrySummary entry={entries[0]!} />
        <pre className="stacktrace">{entries[0]!.stacktrace}</pre>
      </div>
      <div className="card" data-testid="exception-history">
        <h2>Exception History{truncated ? ' (newest entries only)' : ''}</h2>
        {entries.map((e, i) => (
          <details key={`${e.timestamp}-${i}`} className="exception">
            <summary><EntrySummary entry={e} /></summary>
            <pre className="stacktrace">{e.stacktrace}</pre>
          </details>
        ))}
      </div>
    </>
  );
}

function EntrySummary({ entry }: { entry: Entry }) {
  return (
    <span className="exception-summary">
      <span className="muted">{formatTime(entry.timestamp)}</span>
      <strong>{entry.exceptionName}</strong>
      <span>{entry.taskName ?? '(global failure)'}</span>
      {entry.endpoint && <span className="muted">{entry.endpoint}</span>}
    </span>
  );
}
