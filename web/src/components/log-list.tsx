/** The log files of a process (`<path>/logs`), each a link to its viewer. */
import type { LogListInfo } from '../../../src/rest/api-types.js';
import { getJson } from '../api.js';
import { ErrorMessage } from '../error-message.js';
import { formatBytes, formatTime } from '../format.js';
import { usePoll } from '../use-poll.js';

/** `fileHref` gives the route that shows one file. */
export function LogList({ path, fileHref }: { path: string; fileHref: (name: string) => string }) {
  const { data, error } = usePoll(`${path}/logs`, () => getJson<LogListInfo>(`${path}/logs`));
  return (
    <>
      {error && <ErrorMessage error={error} />}
      {data && (
        <table className="table" data-testid="log-list">
          <thead><tr><th>Log Name</th><th>Size</th><th>Last Modified</th></tr></thead>
          <tbody>
            {data.logs.map((log) => (
              <tr key={log.name}>
                <td><a href={fileHref(log.name)}>{log.name}</a></td>
                <td>{formatBytes(log.size)}</td>
                <td>{formatTime(log.mtime)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
