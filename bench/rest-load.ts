/**
 * One load test of an HTTP route with autocannon, run in this process (one thread), with the CPU
 * time the server process and this process (the load generator) used meanwhile: on a 2-core
 * machine they compete, so the report shows both.
 */
import autocannon from 'autocannon';
import { cpuTimeMs } from './proc-stats.js';

/** The load: the same for a route and its ceiling. */
export interface LoadSettings {
  /** Open connections, each sending its next request when the previous answer arrived. */
  connections: number;
  /** Requests in flight per connection (1: no HTTP pipelining). */
  pipelining: number;
  /** Seconds measured. */
  durationSeconds: number;
  /** Seconds of load before the measurement, not counted (JIT, caches, connection set-up). */
  warmupSeconds: number;
}

/** What one load test measured. */
export interface LoadResult {
  requestsPerSecond: number;
  /** Latency percentiles in ms (autocannon's histogram has 1 ms resolution). */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Connection errors and timeouts, and answers other than 2xx: both must be 0. */
  errors: number;
  non2xx: number;
  /** CPU time of the server process over the measurement, in cores (1.0 = one core busy). */
  serverCores: number;
  /** CPU time of this process (the load generator) over the measurement, in cores. */
  generatorCores: number;
}

/** Loads `url` (served by process `serverPid`) for the warm-up and then the measured duration. */
export async function loadTest(url: string, serverPid: number, settings: LoadSettings): Promise<LoadResult> {
  const options = { url, connections: settings.connections, pipelining: settings.pipelining };
  if (settings.warmupSeconds > 0) await autocannon({ ...options, duration: settings.warmupSeconds });
  const serverBefore = cpuTimeMs(serverPid);
  const generatorBefore = process.cpuUsage();
  const started = performance.now();
  const r = await autocannon({ ...options, duration: settings.durationSeconds });
  const wallMs = performance.now() - started;
  const generator = process.cpuUsage(generatorBefore);
  return {
    requestsPerSecond: r.requests.total / r.duration,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    maxMs: r.latency.max,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    serverCores: (cpuTimeMs(serverPid) - serverBefore) / wallMs,
    generatorCores: (generator.user + generator.system) / 1000 / wallMs,
  };
}
