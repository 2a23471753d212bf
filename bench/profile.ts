/**
 * Profiling TaskManagers. `--cpu-prof` does not reach the task worker threads (a TaskManager
 * starts them with its own `execArgv`), but V8's tick profiler (`node --prof`) is process-wide
 * and writes one log per isolate, workers included: the TaskManager runs with `--prof` in a
 * scratch directory, and each isolate's log is summarized (see tick-log.ts).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { NodeLaunchOptions } from '../tests/helpers/processes.js';
import type { ThreadCpu } from './thread-cpu.js';
import { summarizeTickLog, type TickSummary } from './tick-log.js';

/** Functions shown per thread. */
const TOP = 15;
/** Threads that were busy for fewer ticks (mostly idle helpers) are left out of the report. */
const MIN_BUSY_TICKS = 200;

/**
 * How to start a TaskManager so that it writes tick logs into `dir`. Without short builtin calls
 * V8 runs the builtins where the log says they are, instead of from a per-isolate copy whose
 * ticks could not be attributed (it costs a little speed, fine for a profile).
 */
export function profilingLaunch(dir: string): NodeLaunchOptions {
  return { nodeArgs: ['--prof', '--no-short-builtin-calls'], cwd: dir };
}

/**
 * Summarizes every isolate log in `dir`, busiest thread first. Logs of several processes (one
 * per TaskManager) are told apart by the process id in their names.
 */
export function summarizeProfiles(dir: string): TickSummary[] {
  const logs = readdirSync(dir).filter((f) => /^isolate-.*-v8\.log$/.test(f));
  const pids = [...new Set(logs.map(pidOf))].sort();
  return logs
    .map((f) => {
      const summary = summarizeTickLog(join(dir, f), TOP);
      return pids.length > 1 ? { ...summary, thread: `TaskManager ${pids.indexOf(pidOf(f)) + 1}, ${summary.thread}` } : summary;
    })
    .filter((s) => busy(s) >= MIN_BUSY_TICKS)
    .sort((a, b) => busy(b) - busy(a));
}

function pidOf(log: string): string {
  return /-(\d+)-v8\.log$/.exec(log)?.[1] ?? '';
}

/** Ticks not spent idle. */
function busy(s: TickSummary): number {
  return s.ticks - (s.functions.find((f) => f.name.startsWith('(idle'))?.ticks ?? 0);
}

/** The profile section of docs/benchmarks.md for one configuration's TaskManagers. */
export function profileMarkdown(configName: string, words: number, profiles: TickSummary[], threads: ThreadCpu[][]): string {
  const parts = [`**${configName}**, ${words / 1e6} M words, \`node --prof\` on the TaskManagers.`, '', ...threadCpuTable(threads), ''];
  parts.push(`Self ticks per thread (1 tick ≈ 1 ms; threads busy for less than ${MIN_BUSY_TICKS} ticks are left out):`);
  for (const p of profiles) {
    parts.push('', `*${p.thread}* — ${p.ticks} ticks`, '', '| ticks | % | function |', '|---:|---:|---|');
    for (const f of p.functions) parts.push(`| ${f.ticks} | ${((100 * f.ticks) / p.ticks).toFixed(1)} | \`${shorten(f.name)}\` |`);
  }
  return parts.join('\n');
}

/** What a thread the dump calls `node` is: one of V8's GC/compiler helpers, libuv's pool, or a worker's loader hooks. */
const UNNAMED = '`node` (a V8 helper, libuv pool or loader hooks thread)';
/** Threads that used less CPU over the run are summed in one row. */
const MIN_THREAD_CPU_MS = 100;

/**
 * CPU seconds per thread over the run (from the run request to FINISHED), named as the thread
 * dump names them: `main`, `Task worker of slot i`, V8's and libuv's threads mostly as `node`.
 */
function threadCpuTable(threads: ThreadCpu[][]): string[] {
  const rows = ['| TaskManager | thread | CPU s |', '|---|---|---:|'];
  const seconds = (ms: number): string => (ms / 1000).toFixed(2);
  threads.forEach((tm, i) => {
    const busy = tm.filter((t) => t.cpuMs >= MIN_THREAD_CPU_MS).sort((a, b) => b.cpuMs - a.cpuMs);
    for (const t of busy) rows.push(`| ${i + 1} | ${t.name === 'node' ? UNNAMED : t.name} | ${seconds(t.cpuMs)} |`);
    const rest = tm.filter((t) => t.cpuMs < MIN_THREAD_CPU_MS);
    rows.push(`| ${i + 1} | ${rest.length} other threads | ${seconds(rest.reduce((ms, t) => ms + t.cpuMs, 0))} |`);
    rows.push(`| ${i + 1} | **all** | ${seconds(tm.reduce((ms, t) => ms + t.cpuMs, 0))} |`);
  });
  return rows;
}

/** Function names with paths made short, and `|` escaped for tables. */
function shorten(name: string): string {
  return name
    .replace(/file:\/\/\S*?\/(dist|src|node_modules)\//g, '$1/')
    .replace(/file:\/\/\S*\/packages\/[0-9a-f]+\//g, 'job package: ')
    .replace(/\|/g, '\\|');
}
