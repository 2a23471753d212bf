/** The last minutes of vertex rates, sampled in the browser from each poll (the API keeps no history). */
import { useEffect, useState } from 'react';
import type { VertexRates } from '../job-graph/vertex-rates.js';

/** How far back the chart looks. */
export const HISTORY_MS = 5 * 60_000;

export interface RatesSample {
  time: number;
  rates: ReadonlyMap<string, VertexRates>;
}

/** Samples of `rates` (one per new answer) of the last HISTORY_MS, oldest first; reset when the job changes. */
export function useThroughputHistory(jobId: string, rates: ReadonlyMap<string, VertexRates> | undefined): RatesSample[] {
  const [history, setHistory] = useState<{ jobId: string; samples: RatesSample[] }>({ jobId, samples: [] });
  useEffect(() => {
    if (!rates || rates.size === 0) return;
    const time = Date.now();
    setHistory((h) => ({
      jobId,
      samples: [...(h.jobId === jobId ? h.samples : []).filter((s) => s.time > time - HISTORY_MS), { time, rates }],
    }));
  }, [jobId, rates]);
  return history.jobId === jobId ? history.samples : [];
}
