/**
 * A job's plan before it runs: its vertices and, per input, where the records come from and how
 * they are shipped. The job graph component replaces this list once it exists (same props).
 */
import type { JobPlanInfo } from '../../../../src/rest/api-types.js';

export function PlanPreview({ plan }: { plan: JobPlanInfo['plan'] }) {
  const names = new Map(plan.nodes.map((n) => [n.id, n.description || n.operator]));
  return (
    <div className="plan-preview" data-testid="plan-preview">
      <h3>Plan of “{plan.name}” ({plan.type})</h3>
      <table className="table">
        <thead><tr><th>Vertex</th><th>Parallelism</th><th>Inputs</th></tr></thead>
        <tbody>
          {plan.nodes.map((node) => (
            <tr key={node.id} data-testid="plan-node">
              <td>{node.description || node.operator}<div className="muted"><code>{node.id}</code></div></td>
              <td>{node.parallelism}</td>
              <td>
                {node.inputs.length === 0 ? <span className="muted">source</span> : (
                  <ul className="plain">
                    {node.inputs.map((input) => (
                      <li key={`${input.id}-${input.num}`}>{names.get(input.id) ?? input.id} <span className="tag">{input.ship_strategy}</span></li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
