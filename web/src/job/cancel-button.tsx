/** Cancels a job (`PATCH /jobs/:id?mode=cancel`) after a confirmation, as Flink's "Cancel Job". */
import { useState } from 'react';
import { request } from '../api.js';
import { ErrorMessage } from '../error-message.js';

export function CancelButton({ jobId }: { jobId: string }) {
  const [step, setStep] = useState<'idle' | 'confirm' | 'sent'>('idle');
  const [error, setError] = useState<Error>();
  const cancel = (): void => {
    setStep('sent');
    setError(undefined);
    request('PATCH', `/jobs/${encodeURIComponent(jobId)}?mode=cancel`).catch((err: Error) => {
      setError(err);
      setStep('idle');
    });
  };
  return (
    <span className="cancel">
      {step === 'idle' && <button type="button" className="danger" onClick={() => setStep('confirm')}>Cancel Job</button>}
      {step === 'confirm' && (
        <>
          Cancel this job?
          <button type="button" className="danger" onClick={cancel}>Yes</button>
          <button type="button" onClick={() => setStep('idle')}>No</button>
        </>
      )}
      {step === 'sent' && <span className="muted">Cancelling…</span>}
      {error && <ErrorMessage error={error} />}
    </span>
  );
}
