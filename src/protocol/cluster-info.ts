/** Cluster-level views answered by the Dispatcher (overview, task managers). */
import type { JobId, ResourceId } from '../common/ids.js';
import type { Address } from './deployment.js';

/** Flink's ClusterOverview. */
export interface ClusterOverview {
  numTaskManagersConnected: number;
  numSlotsTotal: number;
  numSlotsAvailable: number;
  numJobsRunningOrPending: number;
  numJobsFinished: number;
  numJobsCancelled: number;
  numJobsFailed: number;
}

/** A slot allocated to a job, as listed for a TaskManager. */
export interface AllocatedSlotInfo {
  slotIndex: number;
  jobId: JobId;
  /** Tasks in the slot as of the TaskManager's last heartbeat. */
  assignedTasks: number;
}

/** One registered TaskManager (Flink's TaskManagerInfo). */
export interface TaskManagerInfo {
  resourceId: ResourceId;
  rpcAddress: Address;
  dataPort: number;
  lastHeartbeat: number;
  numberSlots: number;
  numberAvailableSlots: number;
  allocatedSlots: AllocatedSlotInfo[];
  /** Tasks deployed on the TaskManager as of its last heartbeat. */
  assignedTasks: number;
  hardware: { cpuCores: number; physicalMemory: number; freeMemory: number; managedMemory: number };
}
