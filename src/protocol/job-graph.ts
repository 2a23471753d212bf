/**
 * The JobGraph: the chained, serializable plan of a job that the Dispatcher receives and the
 * JobMaster schedules. It holds no user code: task workers rebuild the StreamGraph from the job
 * package and check `fingerprint` to be sure they run the same plan.
 */
import type { JobId, JobVertexId } from '../common/ids.js';

/** Flink's ship strategy names, as shown in plans and the Web UI. */
export type ShipStrategy = 'FORWARD' | 'HASH' | 'REBALANCE' | 'BROADCAST' | 'SHUFFLE' | 'GLOBAL' | 'RESCALE';

/** An input of a JobVertex: the producing vertex and how records are distributed. */
export interface JobEdge {
  sourceVertexId: JobVertexId;
  shipStrategy: ShipStrategy;
  /** The StreamGraph edge this JobEdge realises (source node id -> target node id). */
  sourceNodeId: number;
  targetNodeId: number;
}

/** One operator inside a chain. */
export interface ChainedOperator {
  /** Stable operator id (32 hex): from `uid` when set, else from the graph's structure. */
  operatorId: string;
  /** The user's `uid()`, when set (for messages about the operator's state). */
  uid?: string;
  /** The StreamNode id in the rebuilt StreamGraph. */
  nodeId: number;
  name: string;
  /** OperatorSpec kind (source, map, flatMap, keyedReduce, sink, ...). */
  kind: string;
}

/** A task: a chain of operators run as one unit, `parallelism` times. */
export interface JobVertex {
  id: JobVertexId;
  name: string;
  parallelism: number;
  maxParallelism: number;
  /** Chained operators, head first. */
  operators: ChainedOperator[];
  inputs: JobEdge[];
}

/** Where the job's code lives and how to call its main. */
export interface ProgramDescriptor {
  /** BlobServer key (sha256) of the job package. */
  blobKey: string;
  /** The package's file name as uploaded (for messages and the UI). */
  packageName: string;
  entryClass?: string;
  args: string[];
}

/** Flink's plan JSON (`JobPlanInfo.plan`). */
export interface JobPlan {
  jid: string;
  name: string;
  type: 'STREAMING' | 'BATCH';
  nodes: JobPlanNode[];
}
export interface JobPlanNode {
  id: string;
  parallelism: number;
  operator: string;
  operator_strategy: string;
  description: string;
  inputs: { num: number; id: string; ship_strategy: string; local_strategy: string; caching: string; exchange: string }[];
  optimizer_properties: Record<string, never>;
}

/** Flink 2.x's StreamGraph JSON (`stream-graph` of `/jobs/:jobid`): operators before chaining. */
export interface StreamGraphJson {
  pending_operators: number;
  nodes: {
    id: string;
    parallelism: number;
    operator: string;
    description: string;
    job_vertex_id: JobVertexId;
    inputs: { num: number; id: string; ship_strategy: string; exchange: string }[];
  }[];
}

/** The JobGraph as submitted to the Dispatcher. */
export interface JobGraph {
  jobId: JobId;
  jobName: string;
  jobType: 'STREAMING' | 'BATCH';
  /** Vertices in topological order (sources first). */
  vertices: JobVertex[];
  maxParallelism: number;
  /** Hash of the graph's structure; workers compare it with the graph they rebuild. */
  fingerprint: string;
  plan: JobPlan;
  streamGraph: StreamGraphJson;
  program: ProgramDescriptor;
  /** Per-job configuration (`flinkConfiguration`, `parallelism.default`, ...). */
  config: Record<string, string>;
}
