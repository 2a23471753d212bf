/**
 * `/taskmanagers` and `/taskmanagers/:id`: Flink's TaskManagerInfo and TaskManagerDetailsInfo.
 * Sluice has no fine-grained resource profiles or memory model yet, so those objects carry zeros
 * ("not specified"), except the managed memory the TaskManager reports.
 */
import type { MetricValue } from '../../common/process-info/process-metrics.js';
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
 * The details' `metrics` block (Flink's TaskManagerMetricsInfo) from the TaskManager's process
 * metrics; what a Node.js process has no counterpart for (mapped memory, Netty shuffle buffers)
 * is 0, as Flink reports a metric it has not fetched.
 */
export function taskManagerMetricsJson(metrics: readonly MetricValue[]): TaskManagerDetailsInfo['metrics'] {
  const byId = new Map(metrics.map((m) => [m.id, m.value]));
  const get = (id: string): number => Math.round(byId.get(`Status.JVM.${id}`) ?? 0);
  const collectors = [...byId.keys()].flatMap((id) => /^Status\.JVM\.GarbageCollector\.(.+)\.Count$/.exec(id)?.[1] ?? []);
  return {
    heapUsed: get('Memory.Heap.Used'), heapCommitted: get('Memory.Heap.Committed'), heapMax: get('Memory.Heap.Max'),
    nonHeapUsed: get('Memory.NonHeap.Used'), nonHeapCommitted: get('Memory.NonHeap.Committed'), nonHeapMax: get('Memory.NonHeap.Max'),
    directCount: get('Memory.Direct.Count'), directUsed: get('Memory.Direct.MemoryUsed'), directMax: get('Memory.Direct.TotalCapacity'),
    mappedCount: 0, mappedUsed: 0, mappedMax: 0,
    // Sluice has no network buffer pool (batches are JS arrays): Flink's segment counts stay 0.
    memorySegmentsAvailable: 0, memorySegmentsTotal: 0,
    nettyShuffleMemorySegmentsAvailable: 0, nettyShuffleMemorySegmentsUsed: 0, nettyShuffleMemorySegmentsTotal: 0,
    nettyShuffleMemoryAvailable: 0, nettyShuffleMemoryUsed: 0, nettyShuffleMemoryTotal: 0,
    garbageCollectors: collectors.map((name) => ({ name, count: get(`GarbageCollector.${name}.Count`), time: get(`GarbageCollector.${name}.Time`) })),
  };
}

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
export function taskManagerDetailsJson(tm: TaskManagerInfo, metrics: readonly MetricValue[]): TaskManagerDetailsInfo {
  return {
    ...taskManagerJson(tm),
    allocatedSlots: tm.allocatedSlots.map((slot) => ({ jobId: slot.jobId, assignedTasks: slot.assignedTasks, resource: UNSPECIFIED_RESOURCE })),
    metrics: taskManagerMetricsJson(metrics),
  };
}
