/**
 * A savepoint taken from the job page: a trigger route (`/savepoints` or `/stop`) answers a trigger
 * id, and `/jobs/:id/savepoints/:triggerid` is polled every refresh interval until it completes
 * with the savepoint's path or why there is none.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SavepointStatusResponse, TriggerResponse } from '../../../../src/rest/api-types.js';
import { getJson, request } from '../../api.js';
import { useRefreshInterval } from '../../refresh.js';

/** Where the latest operation is: none yet, waiting for the cluster, or its outcome. */
export type SavepointProgress =
  | { phase: 'idle' }
  | { phase: 'running' }
  | { phase: 'completed'; location: string }
  | { phase: 'failed'; cause: string };

/** The first line of a failure cause's stack trace: the error's message. */
function causeOf(operation: NonNullable<SavepointStatusResponse['operation']>): string {
  const trace = operation['failure-cause']?.['stack-trace'] ?? '';
  return trace.split('\n')[0] || 'The savepoint failed without a cause.';
}

/** The progress of the latest savepoint of `jobId`, and `start`, which POSTs `body` to `path` and follows the operation. */
export function useSavepointOperation(jobId: string): { progress: SavepointProgress; start: (path: string, body: object) => void } {
  const interval = useRefreshInterval();
  const [progress, setProgress] = useState<SavepointProgress>({ phase: 'idle' });
  // A page left while the savepoint runs stops polling and sets nothing.
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const start = useCallback((path: string, body: object) => {
    setProgress({ phase: 'running' });
    const follow = async (): Promise<SavepointProgress | undefined> => {
      const { 'request-id': triggerId } = await request<TriggerResponse>('POST', path, body);
      const statusPath = `/jobs/${encodeURIComponent(jobId)}/savepoints/${triggerId}`;
      while (mounted.current) {
        const { status, operation } = await getJson<SavepointStatusResponse>(statusPath);
        if (status.id === 'COMPLETED' && operation) {
          return operation.location ? { phase: 'completed', location: operation.location } : { phase: 'failed', cause: causeOf(operation) };
        }
        await new Promise((resolve) => setTimeout(resolve, interval));
      }
      return undefined;
    };
    follow().then(
      (outcome) => outcome && mounted.current && setProgress(outcome),
      (err: Error) => mounted.current && setProgress({ phase: 'failed', cause: err.message }),
    );
  }, [jobId, interval]);

  return { progress, start };
}
