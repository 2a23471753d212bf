/** The uploaded packages (`GET /jars`), refreshed live; selecting one opens its run form. */
import { useState } from 'react';
import type { JarListInfo } from '../../../../src/rest/api-types.js';
import { getJson } from '../../api.js';
import { ErrorMessage } from '../../error-message.js';
import { formatTime } from '../../format.js';
import { usePoll } from '../../use-poll.js';
import { JarRunForm } from './jar-run-form.js';

/** `reloadKey` changes when the caller knows the list changed (an upload). */
export function JarList({ reloadKey }: { reloadKey: number }) {
  const [deletes, setDeletes] = useState(0);
  const [selected, setSelected] = useState<string>();
  const { data, error } = usePoll(`jars|${reloadKey}|${deletes}`, () => getJson<JarListInfo>('/jars'));
  return (
    <div className="panel">
      <h2>Uploaded packages</h2>
      {error && <ErrorMessage error={error} />}
      {data?.files.length === 0 && <p className="muted">No package uploaded yet.</p>}
      {data && data.files.length > 0 && (
        <table className="table clickable" data-testid="jar-list">
          <thead><tr><th>Name</th><th>Uploaded</th><th>Entry Points</th></tr></thead>
          <tbody>
            {data.files.flatMap((jar) => {
              const open = jar.id === selected;
              const row = (
                <tr key={jar.id} className={open ? 'selected' : undefined} data-jar-id={jar.id} onClick={() => setSelected(open ? undefined : jar.id)}>
                  <td>{jar.name}</td>
                  <td>{formatTime(jar.uploaded)}</td>
                  <td>{jar.entry.map((e) => e.name).join(', ') || <span className="muted">none</span>}</td>
                </tr>
              );
              if (!open) return [row];
              return [row, (
                <tr key={`${jar.id}-form`} className="form-row">
                  <td colSpan={3}>
                    <JarRunForm jar={jar} onDeleted={() => { setSelected(undefined); setDeletes((n) => n + 1); }} />
                  </td>
                </tr>
              )];
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
