/** The job's Configuration tab (`/jobs/:id/config`): execution config and user config. */
import type { JobConfigInfo } from '../../../src/rest/api-types.js';
import { getJson } from '../api.js';
import { ErrorMessage } from '../error-message.js';
import { usePoll } from '../use-poll.js';

export function ConfigurationTab({ jobId }: { jobId: string }) {
  // A job's configuration does not change: loaded once.
  const { data, error } = usePoll(`config:${jobId}`, () => getJson<JobConfigInfo>(`/jobs/${jobId}/config`), false);
  if (error) return <ErrorMessage error={error} />;
  if (!data) return null;
  const exec = data['execution-config'];
  const userConfig = Object.entries(exec['user-config']).sort(([a], [b]) => a.localeCompare(b));
  return (
    <>
      <div className="card">
        <h2>Execution Configuration</h2>
        <table className="kv" data-testid="execution-config">
          <tbody>
            <tr><th>Restart Strategy</th><td>{exec['restart-strategy']}</td></tr>
            <tr><th>Job Parallelism</th><td>{exec['job-parallelism']}</td></tr>
            <tr><th>Object Reuse Mode</th><td>{String(exec['object-reuse-mode'])}</td></tr>
          </tbody>
        </table>
      </div>
      <div className="card">
        <h2>User Configuration</h2>
        {userConfig.length === 0 ? <p className="empty">None.</p> : (
          <table className="kv" data-testid="user-config">
            <tbody>{userConfig.map(([k, v]) => <tr key={k}><th>{k}</th><td>{v}</td></tr>)}</tbody>
          </table>
        )}
      </div>
    </>
  );
}
