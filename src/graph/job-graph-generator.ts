/** StreamGraph -> JobGraph (Flink's StreamingJobGraphGenerator). */
import type { StreamGraph } from '../api/stream-graph.js';
import type { JobGraph, JobVertex, ProgramDescriptor } from '../protocol/job-graph.js';
import { buildChains, type Chain } from './chaining.js';
import { fingerprint } from './fingerprint.js';
import { DEFAULT_MAX_PARALLELISM } from './parallelism.js';
import { applyParallelismOverrides, parallelismOverridesOf } from './parallelism-overrides.js';
import { SHIP_STRATEGY } from './partitioning.js';
import { createPlan } from './plan.js';
import { createStreamGraphJson } from './stream-graph-json.js';
import { resolveStreamGraph } from './resolved-graph.js';

/** What the JobGraph needs beyond the StreamGraph: identity, program, and the cluster's defaults. */
export interface JobGraphOptions {
  jobId: string;
  program: ProgramDescriptor;
  /** The cluster's `parallelism.default`, for operators and jobs that set none. */
  defaultParallelism: number;
  /** The cluster's `pipeline.max-parallelism`; 128 when absent. */
  defaultMaxParallelism?: number;
  /** Per-job configuration; the program's checkpoint settings are added to it. */
  config?: Record<string, string>;
}

/**
 * Chains the StreamGraph's operators into JobVertices (in topological order) and describes the
 * job for the Dispatcher. Pure and deterministic: the same StreamGraph and defaults always give
 * the same vertices, operator ids and fingerprint. Throws SluiceError INVALID_PROGRAM for
 * programs that cannot run (bad parallelism, forward across a parallelism change, duplicate uids).
 * The configuration's `pipeline.jobvertex-parallelism-overrides` set vertices' parallelism.
 */
export function createJobGraph(streamGraph: StreamGraph, opts: JobGraphOptions): JobGraph {
  const maxParallelism = streamGraph.maxParallelism ?? opts.defaultMaxParallelism ?? DEFAULT_MAX_PARALLELISM;
  const nodes = resolveStreamGraph(streamGraph, {
    parallelism: streamGraph.parallelism ?? opts.defaultParallelism,
    maxParallelism,
  });
  // The program's own settings win over the run request's, as a job's code does in Flink.
  const config = { ...opts.config, ...streamGraph.checkpointConfig };
  // Overrides (a rescaled job) change where vertices run, never how operators chain.
  const vertices = applyParallelismOverrides(buildChains(nodes).map(toJobVertex), parallelismOverridesOf(config));
  return {
    jobId: opts.jobId,
    jobName: streamGraph.jobName,
    jobType: 'STREAMING',
    vertices,
    maxParallelism,
    fingerprint: fingerprint(vertices),
    plan: createPlan(opts.jobId, streamGraph.jobName, vertices),
    streamGraph: createStreamGraphJson(vertices),
    program: opts.program,
    config,
  };
}

function toJobVertex(chain: Chain): JobVertex {
  return {
    id: chain.head.operatorId,
    name: chain.name,
    parallelism: chain.head.parallelism,
    maxParallelism: chain.head.maxParallelism,
    operators: chain.operators.map((op) => ({
      operatorId: op.operatorId,
      ...(op.node.uid !== undefined && { uid: op.node.uid }),
      nodeId: op.node.id,
      name: op.node.name,
      kind: op.node.operator.kind,
    })),
    inputs: chain.inputs.map(({ edge, from }) => ({
      sourceVertexId: from.head.operatorId,
      shipStrategy: SHIP_STRATEGY[edge.partitioner],
      sourceNodeId: edge.source.node.id,
      targetNodeId: edge.target.node.id,
    })),
  };
}
