/**
 * The end of a log or stdout file. Only the last bytes are fetched (`?tail=`), so a huge file
 * never reaches the browser whole; "Follow" re-fetches the tail every refresh and keeps the view
 * scrolled to the bottom, like `tail -f`.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import { getText } from '../api.js';
import { ErrorMessage } from '../error-message.js';
import { formatBytes } from '../format.js';
import { usePoll } from '../use-poll.js';

const KIB = 1024;
const TAIL_SIZES = [16 * KIB, 64 * KIB, 256 * KIB, 1024 * KIB];

/** The fetched end of a file: its text, where it starts and the file's size. */
interface LogTail {
  text: string;
  start: number;
  size: number;
}

async function fetchTail(path: string, bytes: number): Promise<LogTail> {
  const { text, headers } = await getText(`${path}?tail=${bytes}`);
  // `X-Log-Range: bytes <first>-<last>/<size>` says which part of the file this is.
  const range = /bytes (\d+)-\d+\/(\d+)/.exec(headers.get('x-log-range') ?? '');
  const start = range ? Number(range[1]) : 0;
  const size = range ? Number(range[2]) : text.length;
  // A tail starts mid-line (maybe mid-character): drop that partial first line.
  const cut = start > 0 ? text.indexOf('\n') + 1 : 0;
  return { text: text.slice(cut), start: start + cut, size };
}

/** `path`: the file's REST path, e.g. `/taskmanagers/<id>/stdout`. */
export function LogViewer({ path }: { path: string }) {
  const [follow, setFollow] = useState(true);
  const [tailBytes, setTailBytes] = useState(TAIL_SIZES[1]!);
  const [reloads, setReloads] = useState(0);
  const { data, error } = usePoll(`${path}|${tailBytes}|${follow}|${reloads}`, () => fetchTail(path, tailBytes), follow);
  const pre = useRef<HTMLPreElement>(null);
  useLayoutEffect(() => {
    if (follow && pre.current) pre.current.scrollTop = pre.current.scrollHeight;
  }, [data, follow]);

  return (
    <div className="log-viewer">
      <div className="toolbar">
        <label><input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow</label>
        <label>
          Last{' '}
          <select value={tailBytes} onChange={(e) => setTailBytes(Number(e.target.value))}>
            {TAIL_SIZES.map((n) => <option key={n} value={n}>{formatBytes(n)}</option>)}
          </select>
        </label>
        {!follow && <button type="button" onClick={() => setReloads((n) => n + 1)}>Reload</button>}
        {data && (
          <span className="muted">
            {data.start > 0 ? `bytes ${formatBytes(data.start)} to ${formatBytes(data.size)} of ${formatBytes(data.size)}` : `whole file, ${formatBytes(data.size)}`}
          </span>
        )}
      </div>
      {error && <ErrorMessage error={error} />}
      <pre ref={pre} className="log" data-testid="log-text">{data ? data.text || '(empty)' : 'Loading…'}</pre>
    </div>
  );
}
