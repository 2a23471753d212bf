/**
 * A process's basic metrics (`<path>/metrics`): memory, CPU, threads and garbage collections,
 * refreshed live. The ids are read from the process first, so collectors it reports appear
 * without the UI knowing their names.
 */
import type { MetricCollection } from '../../../src/rest/api-types.js';
import { getJson } from '../api.js';
import { ErrorMessage } from '../error-message.js';
import { formatBytes, formatPercent } from '../format.js';
import { usePoll } from '../use-poll.js';

const GC = /^Status\.JVM\.GarbageCollector\.(.+)\.(Count|Time)$/;

async function fetchMetrics(path: string): Promise<Map<string, number>> {
  const ids = (await getJson<MetricCollection>(`${path}/metrics`)).map((m) => m.id).filter((id) => id.startsWith('Status.JVM.'));
  const values = await getJson<MetricCollection>(`${path}/metrics?get=${ids.map(encodeURIComponent).join(',')}`);
  return new Map(values.map((m) => [m.id, Number(m.value)]));
}

/** Collector name → its count and total time, from the `GarbageCollector.<name>.*` ids. */
function collectors(metrics: Map<string, number>): Map<string, { count?: number; time?: number }> {
  const result = new Map<string, { count?: number; time?: number }>();
  for (const [id, value] of metrics) {
    const m = GC.exec(id);
    if (!m) continue;
    const entry = result.get(m[1]!) ?? {};
    if (m[2] === 'Count') entry.count = value;
    else entry.time = value;
    result.set(m[1]!, entry);
  }
  return result;
}

function Row({ label, value, format }: { label: string; value: number | undefined; format: (n: number) => string }) {
  return <tr><th>{label}</th><td>{value === undefined ? '–' : format(value)}</td></tr>;
}

const plain = (n: number): string => String(n);

export function ProcessMetrics({ path }: { path: string }) {
  const { data, error } = usePoll(`${path}/metrics`, () => fetchMetrics(path));
  const get = (id: string): number | undefined => data?.get(`Status.JVM.${id}`);
  return (
    <div className="metrics" data-testid="process-metrics">
      {error && <ErrorMessage error={error} />}
      <div className="panels">
        <div className="panel">
          <h2>Memory</h2>
          <table className="table kv">
            <tbody>
              <Row label="Heap used" value={get('Memory.Heap.Used')} format={formatBytes} />
              <Row label="Heap committed" value={get('Memory.Heap.Committed')} format={formatBytes} />
              <Row label="Heap max" value={get('Memory.Heap.Max')} format={formatBytes} />
              <Row label="Non-heap used" value={get('Memory.NonHeap.Used')} format={formatBytes} />
              <Row label="Buffers (direct) used" value={get('Memory.Direct.MemoryUsed')} format={formatBytes} />
            </tbody>
          </table>
        </div>
        <div className="panel">
          <h2>CPU and threads</h2>
          <table className="table kv">
            <tbody>
              <Row label="CPU load" value={get('CPU.Load')} format={formatPercent} />
              <Row label="CPU time" value={get('CPU.Time')} format={(ns) => `${(ns / 1e9).toFixed(1)} s`} />
              <Row label="Threads" value={get('Threads.Count')} format={plain} />
            </tbody>
          </table>
        </div>
        <div className="panel">
          <h2>Garbage collection</h2>
          <table className="table">
            <thead><tr><th>Collector</th><th>Count</th><th>Time</th></tr></thead>
            <tbody>
              {data && [...collectors(data)].map(([name, gc]) => (
                <tr key={name}><td>{name.replaceAll('_', ' ')}</td><td>{gc.count ?? '–'}</td><td>{gc.time === undefined ? '–' : `${gc.time} ms`}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </div>
  );
}
