/**
 * Process metrics under the ids Flink's Web UI reads (`Status.JVM.*`), each with a Node.js value
 * that measures the same thing (docs/rest-compatibility.md lists the mapping). Memory figures
 * are the main thread's V8 isolate: worker threads have heaps of their own, not included.
 */
import { availableParallelism } from 'node:os';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { readdirSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';

/** One metric with its current value (Flink's Metric, before the REST layer makes it a string). */
export interface MetricValue {
  id: string;
  value: number;
}

/** V8's collectors, named as Flink names JVM collectors (spaces as underscores). */
const COLLECTORS: ReadonlyMap<number, string> = new Map([
  [constants.NODE_PERFORMANCE_GC_MINOR, 'Scavenge'],
  [constants.NODE_PERFORMANCE_GC_MAJOR, 'Mark_Sweep_Compact'],
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL, 'Incremental_Marking'],
  [constants.NODE_PERFORMANCE_GC_WEAKCB, 'Process_Weak_Callbacks'],
]);

function threadCount(): number | undefined {
  try {
    return readdirSync('/proc/self/task').length;
  } catch {
    return undefined;
  }
}

type GcCounts = Map<string, { count: number; timeMs: number }>;
let gcCounts: GcCounts | undefined;

/**
 * The collections of this thread's isolate, counted by one observer per thread (started by the
 * first ProcessMetrics): a mini cluster creates many, and each would otherwise add an observer.
 */
function observedGc(): GcCounts {
  if (gcCounts) return gcCounts;
  const counts: GcCounts = new Map([...COLLECTORS.values()].map((name) => [name, { count: 0, timeMs: 0 }]));
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = ((entry as { detail?: unknown }).detail as { kind?: number } | undefined)?.kind;
      const gc = counts.get(COLLECTORS.get(kind ?? -1) ?? '');
      if (!gc) continue;
      gc.count++;
      gc.timeMs += entry.duration;
    }
  }).observe({ entryTypes: ['gc'] });
  return (gcCounts = counts);
}

/** Samples this process's metrics; garbage collections are counted from the first instance's creation on. */
export class ProcessMetrics {
  private readonly gc = observedGc();
  private lastCpu = { atMs: performance.timeOrigin, usage: { user: 0, system: 0 } };

  /** Every metric with its value now. CPU load is the share of all cores used since the previous sample. */
  sample(): MetricValue[] {
    const memory = process.memoryUsage();
    const metrics: MetricValue[] = [
      { id: 'Status.JVM.Memory.Heap.Used', value: memory.heapUsed },
      { id: 'Status.JVM.Memory.Heap.Committed', value: memory.heapTotal },
      { id: 'Status.JVM.Memory.Heap.Max', value: getHeapStatistics().heap_size_limit },
      { id: 'Status.JVM.Memory.NonHeap.Used', value: memory.external },
      { id: 'Status.JVM.Memory.Direct.MemoryUsed', value: memory.arrayBuffers },
      { id: 'Status.JVM.CPU.Load', value: this.cpuLoad() },
      { id: 'Status.JVM.CPU.Time', value: this.cpuTimeNs() },
    ];
    const threads = threadCount();
    if (threads !== undefined) metrics.push({ id: 'Status.JVM.Threads.Count', value: threads });
    for (const [name, gc] of this.gc) {
      metrics.push({ id: `Status.JVM.GarbageCollector.${name}.Count`, value: gc.count }, { id: `Status.JVM.GarbageCollector.${name}.Time`, value: Math.round(gc.timeMs) });
    }
    return metrics;
  }

  private cpuTimeNs(): number {
    const { user, system } = process.cpuUsage();
    return (user + system) * 1000;
  }

  private cpuLoad(): number {
    const now = { atMs: performance.timeOrigin + performance.now(), usage: process.cpuUsage() };
    const cpuMs = (now.usage.user + now.usage.system - this.lastCpu.usage.user - this.lastCpu.usage.system) / 1000;
    const wallMs = now.atMs - this.lastCpu.atMs;
    this.lastCpu = now;
    return wallMs > 0 ? Math.min(1, Math.max(0, cpuMs / (wallMs * availableParallelism()))) : 0;
  }
}
