/**
 * The job header's savepoint actions on a running job: "Savepoint" (`POST /jobs/:id/savepoints`)
 * and, where the cluster lets the UI end jobs, "Stop with Savepoint" (`POST /jobs/:id/stop`, with
 * Flink's `drain`). Each asks for a target directory, prefilled with the cluster's default (empty:
 * the cluster's default applies, or it names the missing key); the outcome stays shown, also once
 * the stopped job has ended.
 */
import { useState } from 'react';
import type { JobDetailsInfo, SavepointTriggerRequestBody, StopWithSavepointRequestBody } from '../../../../src/rest/api-types.js';
import { useDefaultSavepointDir } from './use-default-savepoint-dir.js';
import { useSavepointOperation, type SavepointProgress } from './use-savepoint-operation.js';

type Kind = 'savepoint' | 'stop';

const LABEL: Record<Kind, string> = { savepoint: 'Savepoint', stop: 'Stop with Savepoint' };

export function SavepointActions({ job, canStop }: { job: JobDetailsInfo; canStop: boolean }) {
  const [open, setOpen] = useState<Kind>();
  const { progress, start } = useSavepointOperation(job.jid);
  const jobPath = `/jobs/${encodeURIComponent(job.jid)}`;
  const trigger = (kind: Kind, targetDirectory: string | null, drain: boolean): void => {
    setOpen(undefined);
    if (kind === 'savepoint') {
      const body: SavepointTriggerRequestBody = targetDirectory ? { 'target-directory': targetDirectory } : {};
      start(`${jobPath}/savepoints`, body);
    } else {
      const body: StopWithSavepointRequestBody = { targetDirectory, drain };
      start(`${jobPath}/stop`, body);
    }
  };
  // One operation at a time: the buttons return once the last one has an outcome.
  const canTrigger = job.state === 'RUNNING' && progress.phase !== 'running';
  const kinds: Kind[] = canStop ? ['savepoint', 'stop'] : ['savepoint'];
  return (
    <div className="savepoint-actions" data-testid="savepoint-actions">
      {canTrigger && !open && kinds.map((kind) => <button key={kind} type="button" onClick={() => setOpen(kind)}>{LABEL[kind]}</button>)}
      {canTrigger && open && <SavepointForm kind={open} onTrigger={trigger} onClose={() => setOpen(undefined)} />}
      <Progress progress={progress} />
    </div>
  );
}

/** The target directory (and for a stop, drain) of one action. */
function SavepointForm({ kind, onTrigger, onClose }: { kind: Kind; onTrigger: (kind: Kind, dir: string | null, drain: boolean) => void; onClose: () => void }) {
  const defaultDir = useDefaultSavepointDir();
  const [dir, setDir] = useState<string>();
  const [drain, setDrain] = useState(false);
  const value = dir ?? defaultDir ?? '';
  return (
    <form className="savepoint-form" data-testid="savepoint-form" onSubmit={(e) => { e.preventDefault(); onTrigger(kind, value.trim() || null, drain); }}>
      <label>Target Directory<input value={value} onChange={(e) => setDir(e.target.value)} placeholder="the cluster's default savepoint directory" /></label>
      {kind === 'stop' && <label className="checkbox"><input type="checkbox" checked={drain} onChange={(e) => setDrain(e.target.checked)} />Drain</label>}
      <button type="submit" className={kind === 'stop' ? 'danger' : 'primary'}>{LABEL[kind]}</button>
      <button type="button" onClick={onClose}>Close</button>
    </form>
  );
}

function Progress({ progress }: { progress: SavepointProgress }) {
  switch (progress.phase) {
    case 'idle': return null;
    case 'running': return <span className="muted" role="status" data-testid="savepoint-progress">Taking a savepoint…</span>;
    case 'completed': return <span role="status" data-testid="savepoint-progress">Savepoint completed: <code>{progress.location}</code></span>;
    case 'failed': return <span className="error" role="alert" data-testid="savepoint-progress">Savepoint failed: {progress.cause}</span>;
  }
}
