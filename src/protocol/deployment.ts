/**
 * What the JobMaster sends a TaskExecutor to run one subtask (Flink's TaskDeploymentDescriptor),
 * and the slot/registration messages between TaskExecutor, ResourceManager and JobMaster.
 */
import type { AllocationId, ExecutionAttemptId, JobId, JobVertexId, ResourceId } from '../common/ids.js';
import type { SerializedError } from '../common/errors.js';
import type { TaskRestore } from './checkpoints.js';
import type { ProgramDescriptor, ShipStrategy } from './job-graph.js';
import type { ExecutionState } from './states.js';

/** A network address (host as advertised, port). */
export interface Address {
  host: string;
  port: number;
}

/** Where a subtask attempt runs: its TaskManager and that TaskManager's data-plane address. */
export interface TaskLocation {
  /** The consuming attempt; data for a stale attempt is dropped. */
  executionAttemptId: ExecutionAttemptId;
  /** The slot it runs in: tasks of one slot share a worker thread and exchange batches directly. */
  allocationId: AllocationId;
  taskManagerId: ResourceId;
  dataAddress: Address;
}

/** One output of a task: the consuming vertex and where each of its subtasks runs. */
export interface ResultPartitionDeploymentDescriptor {
  targetVertexId: JobVertexId;
  shipStrategy: ShipStrategy;
  sourceNodeId: number;
  targetNodeId: number;
  /** Index = consumer subtask index. */
  consumers: TaskLocation[];
}

/** One input of a task: the producing vertex and how many producer subtasks feed it. */
export interface InputGateDeploymentDescriptor {
  sourceVertexId: JobVertexId;
  shipStrategy: ShipStrategy;
  sourceNodeId: number;
  targetNodeId: number;
  numberOfProducers: number;
  /** Index = producer subtask index; consumers send credit back to them. */
  producers: TaskLocation[];
}

/** Everything a TaskExecutor needs to run one subtask attempt. */
export interface TaskDeploymentDescriptor {
  jobId: JobId;
  jobName: string;
  executionAttemptId: ExecutionAttemptId;
  allocationId: AllocationId;
  vertexId: JobVertexId;
  taskName: string;
  subtaskIndex: number;
  attemptNumber: number;
  parallelism: number;
  maxParallelism: number;
  fingerprint: string;
  program: ProgramDescriptor;
  jobConfig: Record<string, string>;
  inputs: InputGateDeploymentDescriptor[];
  outputs: ResultPartitionDeploymentDescriptor[];
  /** Set when the attempt restores from a completed checkpoint (a restart of a checkpointing job). */
  restore?: TaskRestore;
}

/** Counters a task reports with its state updates (Flink's IOMetrics). */
export interface TaskIOMetrics {
  numRecordsIn: number;
  numRecordsOut: number;
  numBytesIn: number;
  numBytesOut: number;
  accumulateBusyTime: number;
  accumulateIdleTime: number;
  accumulateBackPressuredTime: number;
}

/** A task's state change, sent from the TaskExecutor to the JobMaster. */
export interface TaskExecutionState {
  jobId: JobId;
  executionAttemptId: ExecutionAttemptId;
  state: ExecutionState;
  error?: SerializedError;
  metrics?: TaskIOMetrics;
}

/** A slot of a TaskExecutor, as reported to the ResourceManager. */
export interface SlotStatus {
  slotIndex: number;
  allocationId?: AllocationId;
  jobId?: JobId;
  /** Tasks deployed into the slot and not yet removed. */
  assignedTasks: number;
}

/** A slot offered by a TaskExecutor to a JobMaster. */
export interface SlotOffer {
  allocationId: AllocationId;
  slotIndex: number;
}

/** What a TaskExecutor tells the ResourceManager when it registers. */
export interface TaskExecutorRegistration {
  resourceId: ResourceId;
  rpcAddress: Address;
  dataAddress: Address;
  numberOfSlots: number;
  hardware: { cpuCores: number; physicalMemory: number; freeMemory: number; managedMemory: number };
  /** Port of the data plane as Flink's `dataPort` field. */
  dataPort: number;
}
