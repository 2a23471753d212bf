/**
 * The run form of one uploaded package: entry point, program arguments, parallelism, job id and
 * the snapshot to start from (savepoint path, whether state of removed operators may be dropped,
 * and the restore mode: NO_CLAIM leaves the snapshot to its owner, CLAIM hands it to the job), sent as Flink's JarPlanRequestBody to `/plan` (shown below the form) or
 * JarRunRequestBody to `/run` (then the job's page opens), or the package deleted. Server errors
 * are shown as they come.
 */
import { useState } from 'react';
import type { JarListInfo, JarRunBody, JarRunResponseBody, JobPlanInfo } from '../../../../src/rest/api-types.js';
import { request } from '../../api.js';
import { ErrorMessage } from '../../error-message.js';
import { href } from '../../router.js';
import { PlanPreview } from './plan-preview.js';

type Jar = JarListInfo['files'][number];

/** The restore modes a run may ask for, the default first. */
const RESTORE_MODES = ['NO_CLAIM', 'CLAIM'] as const;
type RestoreMode = (typeof RESTORE_MODES)[number];

export function JarRunForm({ jar, onDeleted }: { jar: Jar; onDeleted: () => void }) {
  const [entryClass, setEntryClass] = useState(jar.entry[0]?.name ?? '');
  const [programArgs, setProgramArgs] = useState('');
  const [parallelism, setParallelism] = useState('');
  const [jobId, setJobId] = useState('');
  const [savepointPath, setSavepointPath] = useState('');
  const [allowNonRestoredState, setAllowNonRestoredState] = useState(false);
  const [restoreMode, setRestoreMode] = useState<RestoreMode>('NO_CLAIM');
  const [plan, setPlan] = useState<JobPlanInfo['plan']>();
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);

  const path = `/jars/${encodeURIComponent(jar.id)}`;
  // Unset fields are null, as Flink's dashboard sends them; the server applies its defaults.
  // A plan request has no restore settings (Flink's JarPlanRequestBody refuses unknown fields).
  const planBody = (): JarRunBody => ({
    entryClass: entryClass || null,
    programArgs: programArgs.trim() || null,
    parallelism: parallelism.trim() === '' ? null : Number(parallelism),
    jobId: jobId.trim() || null,
  });
  const body = (): JarRunBody => ({ ...planBody(), savepointPath: savepointPath.trim() || null, allowNonRestoredState, restoreMode });
  const act = async (action: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  const showPlan = () => act(async () => setPlan((await request<JobPlanInfo>('POST', `${path}/plan`, planBody())).plan));
  const submit = () => act(async () => {
    const { jobid } = await request<JarRunResponseBody>('POST', `${path}/run`, body());
    window.location.hash = href('job', 'running', jobid, 'overview');
  });
  const remove = () => act(async () => {
    await request('DELETE', path);
    onDeleted();
  });

  return (
    <div className="run-form" data-testid="jar-run-form">
      <div className="form-grid">
        <label>
          Entry Class
          <select value={entryClass} onChange={(e) => setEntryClass(e.target.value)}>
            {jar.entry.map((e) => <option key={e.name} value={e.name}>{e.name}{e.description ? ` – ${e.description}` : ''}</option>)}
          </select>
        </label>
        <label>Program Arguments<input value={programArgs} onChange={(e) => setProgramArgs(e.target.value)} placeholder='e.g. --input "a b"' /></label>
        <label>Parallelism<input type="number" value={parallelism} onChange={(e) => setParallelism(e.target.value)} placeholder="cluster default" /></label>
        <label>Job ID<input value={jobId} onChange={(e) => setJobId(e.target.value)} placeholder="32 hex digits, or generated" /></label>
        <label>Savepoint Path<input value={savepointPath} onChange={(e) => setSavepointPath(e.target.value)} /></label>
        <label>
          Restore Mode
          <select value={restoreMode} onChange={(e) => setRestoreMode(e.target.value as RestoreMode)}>
            {RESTORE_MODES.map((m) => <option key={m} value={m}>{m}</option>)}
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={allowNonRestoredState} onChange={(e) => setAllowNonRestoredState(e.target.checked)} />
          Allow Non Restored State
        </label>
      </div>
      <div className="toolbar">
        <button type="button" disabled={busy} onClick={() => void showPlan()}>Show Plan</button>
        <button type="button" className="primary" disabled={busy} onClick={() => void submit()}>Submit</button>
        <button type="button" className="danger" disabled={busy} onClick={() => void remove()}>Delete</button>
      </div>
      {error && <ErrorMessage error={error} />}
      {plan && <PlanPreview plan={plan} />}
    </div>
  );
}
