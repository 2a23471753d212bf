/** Flink's JSON plan of a job (`JobPlanInfo.plan`), as the REST API and Web UI show it. */
import type { JobPlan, JobVertex } from '../protocol/job-graph.js';

/** One plan node per vertex; sources have no `inputs`, as in Flink. */
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
      ...(vertex.inputs.length > 0 && {
        inputs: vertex.inputs.map((input, num) => ({
          num,
          id: input.sourceVertexId,
          ship_strategy: input.shipStrategy,
          exchange: 'pipelined_bounded',
        })),
      }),
      optimizer_properties: {},
    })),
  };
}
