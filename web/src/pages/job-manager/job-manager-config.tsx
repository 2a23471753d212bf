/** The JobManager's effective configuration (`/jobmanager/config`, secrets masked), filterable. */
import { useState } from 'react';
import type { ConfigurationInfo } from '../../../../src/rest/api-types.js';
import { getJson } from '../../api.js';
import { ErrorMessage } from '../../error-message.js';
import { usePoll } from '../../use-poll.js';

export function JobManagerConfig() {
  // Read once: a running JobManager's configuration does not change.
  const { data, error } = usePoll('jobmanager/config', () => getJson<ConfigurationInfo>('/jobmanager/config'), false);
  const [filter, setFilter] = useState('');
  const shown = data?.filter((e) => `${e.key} ${e.value}`.toLowerCase().includes(filter.toLowerCase()));
  return (
    <>
      <div className="toolbar">
        <input type="search" placeholder="Filter keys and values" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </div>
      {error && <ErrorMessage error={error} />}
      {shown && (
        <table className="table" data-testid="job-manager-config">
          <thead><tr><th>Key</th><th>Value</th></tr></thead>
          <tbody>{shown.map((e) => <tr key={e.key}><td><code>{e.key}</code></td><td>{e.value}</td></tr>)}</tbody>
        </table>
      )}
    </>
  );
}
