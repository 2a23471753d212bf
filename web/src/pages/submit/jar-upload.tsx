/**
 * Uploading a job package (`POST /jars/upload`, field `jarfile`): drop a file on the area or pick
 * one; a progress bar follows the upload.
 */
import { useState, type DragEvent } from 'react';
import type { JarUploadResponseBody } from '../../../../src/rest/api-types.js';
import { ErrorMessage } from '../../error-message.js';
import { uploadWithProgress } from '../../upload.js';

type UploadState =
  | { kind: 'idle' }
  | { kind: 'uploading'; name: string; sent: number }
  | { kind: 'done'; name: string }
  | { kind: 'failed'; name: string; error: Error };

export function JarUpload({ onUploaded }: { onUploaded: () => void }) {
  const [state, setState] = useState<UploadState>({ kind: 'idle' });
  const [dragging, setDragging] = useState(false);

  const upload = (file: File): void => {
    const form = new FormData();
    form.append('jarfile', file, file.name);
    setState({ kind: 'uploading', name: file.name, sent: 0 });
    uploadWithProgress<JarUploadResponseBody>('/jars/upload', form, (sent) => setState({ kind: 'uploading', name: file.name, sent }))
      .then(() => {
        setState({ kind: 'done', name: file.name });
        onUploaded();
      }, (error: Error) => setState({ kind: 'failed', name: file.name, error }));
  };
  const onDrop = (e: DragEvent): void => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) upload(file);
  };

  return (
    <div className="panel">
      <div
        className={`drop-zone${dragging ? ' dragging' : ''}`}
        data-testid="drop-zone"
        onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>Drop a job package here (<code>.jar</code>, <code>.zip</code>, <code>.js</code>, <code>.mjs</code>, made by <code>sluice package</code>) or</p>
        <label className="button">
          Choose a file
          <input
            type="file"
            accept=".jar,.zip,.js,.mjs"
            data-testid="jar-file-input"
            disabled={state.kind === 'uploading'}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) upload(file);
              e.target.value = ''; // the same file can be chosen again
            }}
          />
        </label>
      </div>
      {state.kind !== 'idle' && (
        <div className="upload-status" data-testid="upload-status" data-state={state.kind}>
          <span>{state.name}</span>
          <progress max={1} value={state.kind === 'uploading' ? state.sent : state.kind === 'done' ? 1 : 0} />
          <span>{state.kind === 'uploading' ? `${Math.round(state.sent * 100)} %` : state.kind === 'done' ? 'Uploaded' : 'Failed'}</span>
        </div>
      )}
      {state.kind === 'failed' && <ErrorMessage error={state.error} />}
    </div>
  );
}
