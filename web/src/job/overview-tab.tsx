/** The job's Overview tab: graph, vertex table with subtasks, and throughput per vertex. */
import { useState } from 'react';
import type { JobDetailsInfo } from '../../../src/rest/api-types.js';
import { JobGraph } from '../job-graph/job-graph.js';
import type { VertexRates } from '../job-graph/vertex-rates.js';
import { ThroughputChart } from './throughput-chart.js';
import type { RatesSample } from './use-throughput-history.js';
import { VertexTable } from './vertex-table.js';

/** The live rates of the job's vertices and their sampled history (sampled by the job page). */
export interface RatesProps {
  rates?: ReadonlyMap<string, VertexRates>;
  history: readonly RatesSample[];
}

export function OverviewTab({ job, rates, history }: { job: JobDetailsInfo } & RatesProps) {
  const [expanded, setExpanded] = useState<string>();
  const toggle = (id: string): void => setExpanded((e) => (e === id ? undefined : id));
  return (
    <>
      <div className="card">
        <JobGraph plan={job.plan} vertices={job.vertices} rates={rates} selected={expanded} onSelect={toggle} />
      </div>
      <div className="card">
        <VertexTable jobId={job.jid} vertices={job.vertices} expanded={expanded} onToggle={toggle} />
      </div>
      <div className="card">
        <h2>Throughput</h2>
        {job.state === 'RUNNING' || history.length > 0 ? (
          <div className="charts">
            {job.vertices.map((v) => <ThroughputChart key={v.id} name={v.name} vertexId={v.id} samples={history} />)}
          </div>
        ) : (
          <p className="muted">Records per second are sampled while the job runs and this page is open.</p>
        )}
      </div>
    </>
  );
}
