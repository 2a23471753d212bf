/**
 * `/taskmanagers` and `/taskmanagers/:id`: Flink's TaskManagerInfo and TaskManagerDetailsInfo.
 * Sluice has no fine-grained resource profiles or memory model yet, so those objects carry zeros
 * ("not specified"), except the managed memory the TaskManager reports.
 */
import type { TaskManagerInfo } from '../../protocol/cluster-info.js';

const UNSPECIFIED_RESOURCE = {
  cpuCores: 0, taskHeapMemory: 0, taskOffHeapMemory: 0, managedMemory: 0, networkMemory: 0, extendedResources: {},
};

const UNSPECIFIED_MEMORY = {
  frameworkHeap: 0, taskHeap: 0, frameworkOffHeap: 0, taskOffHeap: 0, networkMemory: 0, managedMemory: 0,
  jvmMetaspace: 0, jvmOverhead: 0, totalFlinkMemory: 0, totalProcessMemory: 0,
};

/** One entry of `/taskmanagers`. */
export function taskManagerJson(tm: TaskManagerInfo): Record<string, unknown> {
  return {
    id: tm.resourceId,
    path: `sluice.tcp://${tm.rpcAddress.host}:${tm.rpcAddress.port}/taskexecutor`,
    dataPort: tm.dataPort,
    jmxPort: -1,
    // Despite its name Flink puts the time of the last heartbeat here (ms since epoch).
    timeSinceLastHeartbeat: tm.lastHeartbeat,
    slotsNumber: tm.numberSlots,
    freeSlots: tm.numberAvailableSlots,
    totalResource: UNSPECIFIED_RESOURCE,
    freeResource: UNSPECIFIED_RESOURCE,
    hardware: { ...tm.hardware },
    memoryConfiguration: { ...UNSPECIFIED_MEMORY, managedMemory: tm.hardware.managedMemory },
    blocked: false,
  };
}

/** `/taskmanagers/:id`: the overview entry plus the slots allocated to jobs. */
export function taskManagerDetailsJson(tm: TaskManagerInfo): Record<string, unknown> {
  return {
    ...taskManagerJson(tm),
    allocatedSlots: tm.allocatedSlots.map((slot) => ({ jobId: slot.jobId, resource: UNSPECIFIED_RESOURCE })),
  };
}
