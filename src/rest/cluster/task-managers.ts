/**
 * `/taskmanagers` and `/taskmanagers/:id`: Flink's TaskManagerInfo and TaskManagerDetailsInfo.
 * Sluice has no fine-grained resource profiles or memory model yet, so those objects carry zeros
 * ("not specified"), except the managed memory the TaskManager reports.
 */
import type { TaskManagerInfo } from '../../protocol/cluster-info.js';
import type { TaskManagerDetailsInfo, TaskManagerInfo as TaskManagerInfoJson } from './cluster-schemas.js';

const UNSPECIFIED_RESOURCE = {
  cpuCores: 0, taskHeapMemory: 0, taskOffHeapMemory: 0, managedMemory: 0, networkMemory: 0, extendedResources: {},
};

const UNSPECIFIED_MEMORY = {
  frameworkHeap: 0, taskHeap: 0, frameworkOffHeap: 0, taskOffHeap: 0, networkMemory: 0, managedMemory: 0,
  jvmMetaspace: 0, jvmOverhead: 0, totalFlinkMemory: 0, totalProcessMemory: 0,
};

/**
 * The details' `metrics` block. Flink fills it from its metric store and reports 0 for what it has
 * not fetched; Sluice does not fetch TaskManager memory metrics into it yet.
 */
const NO_METRICS = {
  heapUsed: 0, heapCommitted: 0, heapMax: 0, nonHeapUsed: 0, nonHeapCommitted: 0, nonHeapMax: 0,
  directCount: 0, directUsed: 0, directMax: 0, mappedCount: 0, mappedUsed: 0, mappedMax: 0,
  nettyShuffleMemorySegmentsAvailable: 0, nettyShuffleMemorySegmentsUsed: 0, nettyShuffleMemorySegmentsTotal: 0,
  nettyShuffleMemoryAvailable: 0, nettyShuffleMemoryUsed: 0, nettyShuffleMemoryTotal: 0,
  garbageCollectors: [],
};

/** One entry of `/taskmanagers`. */
export function taskManagerJson(tm: TaskManagerInfo): TaskManagerInfoJson {
  return {
    id: tm.resourceId,
    path: `sluice.tcp://${tm.rpcAddress.host}:${tm.rpcAddress.port}/taskexecutor`,
    dataPort: tm.dataPort,
    jmxPort: -1,
    // Despite its name Flink puts the time of the last heartbeat here (ms since epoch).
    timeSinceLastHeartbeat: tm.lastHeartbeat,
    slotsNumber: tm.numberSlots,
    freeSlots: tm.numberAvailableSlots,
    assignedTasks: tm.assignedTasks,
    totalResource: UNSPECIFIED_RESOURCE,
    freeResource: UNSPECIFIED_RESOURCE,
    hardware: { ...tm.hardware },
    memoryConfiguration: { ...UNSPECIFIED_MEMORY, managedMemory: tm.hardware.managedMemory },
    blocked: false,
  };
}

/** `/taskmanagers/:id`: the overview entry plus the slots allocated to jobs. */
export function taskManagerDetailsJson(tm: TaskManagerInfo): TaskManagerDetailsInfo {
  return {
    ...taskManagerJson(tm),
    allocatedSlots: tm.allocatedSlots.map((slot) => ({ jobId: slot.jobId, assignedTasks: slot.assignedTasks, resource: UNSPECIFIED_RESOURCE })),
    metrics: NO_METRICS,
  };
}
