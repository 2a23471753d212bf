/** The job's Overview tab: graph, vertex table with subtasks, and throughput per vertex. */
import { useState } from 'react';
import type { JobDetailsInfo } from '../../../src/rest/api-types.js';
import { ErrorMessage } from '../error-message.js';
import { JobGraph } from '../job-graph/job-graph.js';
import { ThroughputChart } from './throughput-chart.js';
import { useThroughputHistory } from './use-throughput-history.js';
import { useVertexRates } from './use-vertex-rates.js';
import { VertexTable } from './vertex-table.js';

export function OverviewTab({ job }: { job: JobDetailsInfo }) {
  const [expanded, setExpanded] = useState<string>();
  const { rates, error } = useVertexRates(job);
  const history = useThroughputHistory(job.jid, rates);
  const toggle = (id: string): void => setExpanded((e) => (e === id ? undefined : id));
  return (
    <>
      {error && <ErrorMessage error={error} />}
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
