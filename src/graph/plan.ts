/** Flink's JSON plan of a job (`JobPlanInfo.plan`), as the REST API and Web UI show it. */
import type { JobPlan, JobVertex } from '../protocol/job-graph.js';

/**
 * One plan node per vertex. Every field of Flink's spec is present (sources have empty `inputs`);
 * a streaming exchange has no local strategy or caching, which Flink's enums spell NONE.
 */
export function createPlan(jobId: string, jobName: string, vertices: readonly JobVertex[]): JobPlan {
  return {
    jid: jobId,
    name: jobName,
    type: 'STREAMING',
    nodes: vertices.map((vertex) => ({
      id: vertex.id,
      parallelism: vertex.parallelism,
      operator: '',
      operator_strategy: '',
      description: vertex.name,
      inputs: vertex.inputs.map((input, num) => ({
        num,
        id: input.sourceVertexId,
        ship_strategy: input.shipStrategy,
        local_strategy: 'NONE',
        caching: 'NONE',
        exchange: 'pipelined_bounded',
      })),
      optimizer_properties: {},
    })),
  };
}
