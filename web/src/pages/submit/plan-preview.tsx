/** A job's plan before it runs, drawn as the job graph (vertices, parallelism, ship strategies). */
import type { JobPlanInfo } from '../../../../src/rest/api-types.js';
import { JobGraph } from '../../job-graph/job-graph.js';

export function PlanPreview({ plan }: { plan: JobPlanInfo['plan'] }) {
  return (
    <div className="plan-preview" data-testid="plan-preview">
      <h3>Plan of “{plan.name}” ({plan.type})</h3>
      <JobGraph plan={plan} />
    </div>
  );
}
