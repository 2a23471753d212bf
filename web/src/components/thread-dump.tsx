/** A process's thread dump (`<path>/thread-dump`), taken on opening and on "Refresh". */
import { useState } from 'react';
import type { ThreadDumpInfo } from '../../../src/rest/api-types.js';
import { getJson } from '../api.js';
import { ErrorMessage } from '../error-message.js';
import { usePoll } from '../use-poll.js';

export function ThreadDump({ path }: { path: string }) {
  const [dumps, setDumps] = useState(0);
  // Not polled: a dump is a snapshot to read, and taking one costs the process a diagnostic report.
  const { data, error } = usePoll(`${path}|${dumps}`, () => getJson<ThreadDumpInfo>(`${path}/thread-dump`), false);
  return (
    <div>
      <div className="toolbar">
        <button type="button" onClick={() => setDumps((n) => n + 1)}>Refresh</button>
        {data && <span className="muted">{data.threadInfos.length} threads</span>}
      </div>
      {error && <ErrorMessage error={error} />}
      <pre className="log" data-testid="thread-dump">
        {data ? data.threadInfos.map((t) => t.stringifiedThreadInfo).join('\n') : 'Loading…'}
      </pre>
    </div>
  );
}
