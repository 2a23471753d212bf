/**
 * Flink 2.x's `stream-graph` of `/jobs/:jobid`: the operators before chaining, each naming the
 * job vertex that runs it, so the Web UI can show what a chained vertex contains.
 */
import type { JobVertex, StreamGraphJson } from '../protocol/job-graph.js';

/**
 * One node per operator, in vertex order. A chain's operators are fed FORWARD by their
 * predecessor in the chain; a chain head has the vertex's inputs (the StreamGraph edges they realise).
 */
export function createStreamGraphJson(vertices: readonly JobVertex[]): StreamGraphJson {
  return {
    pending_operators: 0,
    nodes: vertices.flatMap((vertex) => vertex.operators.map((op, i) => ({
      id: String(op.nodeId),
      parallelism: vertex.parallelism,
      operator: op.kind,
      description: op.name,
      job_vertex_id: vertex.id,
      inputs: i > 0
        ? [{ num: 0, id: String(vertex.operators[i - 1]!.nodeId), ship_strategy: 'FORWARD', exchange: 'pipelined_bounded' }]
        : vertex.inputs.map((edge, num) => ({ num, id: String(edge.sourceNodeId), ship_strategy: edge.shipStrategy, exchange: 'pipelined_bounded' })),
    }))),
  };
}
