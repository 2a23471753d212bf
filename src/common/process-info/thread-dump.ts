/**
 * A thread dump of this Node.js process in Flink's ThreadDumpInfo shape. Node cannot stop a
 * thread to read its stack as the JVM does, so: every OS thread of the process from
 * `/proc/self/task` (Linux) with its state and CPU time, named by the caller where it knows the
 * thread (task workers) and by its OS name otherwise. JavaScript stacks come from Node's
 * diagnostic report: the main thread's is the call taking the dump, a worker thread's is where
 * the report's interrupt found it (collecting them briefly interrupts every worker). libuv and V8
 * helper threads have no JavaScript stack.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** One thread (Flink's ThreadInfo). */
export interface ThreadInfo {
  threadName: string;
  stringifiedThreadInfo: string;
}

/** Linux exposes thread CPU times in USER_HZ ticks, fixed at 100 per second for user space. */
const MS_PER_TICK = 10;

const STATES: Readonly<Record<string, string>> = {
  R: 'RUNNABLE', S: 'WAITING (sleeping)', D: 'BLOCKED (uninterruptible I/O)', I: 'WAITING (idle)',
  T: 'STOPPED', t: 'STOPPED (tracing)', Z: 'TERMINATED (zombie)', X: 'TERMINATED',
};

interface OsThread {
  tid: number;
  comm: string;
  state: string;
  cpuMs: number;
}

/** The process's threads from /proc, or none where there is no /proc. */
function osThreads(): OsThread[] {
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return [];
  }
  return tids.flatMap((t) => {
    try {
      const stat = readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
      // "tid (comm) S ...": comm may contain spaces and parentheses, so split after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cpuTicks = Number(fields[11]) + Number(fields[12]);
      return [{ tid: Number(t), comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), state: fields[0] ?? '?', cpuMs: cpuTicks * MS_PER_TICK }];
    } catch {
      // The thread ended while we listed them.
      return [];
    }
  });
}

/** A worker thread the caller can name: its OS thread id (Linux) and its worker_threads id. */
export interface KnownThread {
  name: string;
  tid?: number;
  threadId: number;
}

interface Report {
  javascriptStack?: { stack?: string[] };
  workers?: { header?: { threadId?: number }; javascriptStack?: { stack?: string[] } }[];
}

/** JavaScript stack frames as the report gives them; a thread without JS on its stack has none. */
function frames(stack: { stack?: string[] } | undefined): string[] {
  return (stack?.stack ?? []).map((f) => f.trim()).filter((f) => f.startsWith('at '));
}

function describe(name: string, tid: number | undefined, state: string, cpuMs: number | undefined, stack: string[]): ThreadInfo {
  const cpu = cpuMs === undefined ? '' : ` cpu=${cpuMs}ms`;
  const head = `"${name}" Id=${tid ?? '?'} ${STATES[state] ?? state}${cpu}\n`;
  return { threadName: name, stringifiedThreadInfo: head + stack.map((f) => `\t${f}\n`).join('') };
}

/** The dump: the main thread first (named "main"), then the others by thread id. */
export function threadDump(known: readonly KnownThread[] = []): ThreadInfo[] {
  const report = process.report.getReport() as Report;
  const workerStacks = new Map((report.workers ?? []).map((w) => [w.header?.threadId, frames(w.javascriptStack)]));
  const threads = osThreads().sort((a, b) => a.tid - b.tid);
  const main = threads.find((t) => t.tid === process.pid);
  const dump = [describe('main', process.pid, main?.state ?? 'R', main?.cpuMs, frames(report.javascriptStack))];
  for (const t of threads) {
    if (t.tid === process.pid) continue;
    const k = known.find((w) => w.tid === t.tid);
    dump.push(describe(k?.name ?? t.comm, t.tid, t.state, t.cpuMs, k ? (workerStacks.get(k.threadId) ?? []) : []));
  }
  // Without /proc the known workers are still listed, with their stacks.
  if (threads.length === 0) for (const k of known) dump.push(describe(k.name, k.tid, 'UNKNOWN', undefined, workerStacks.get(k.threadId) ?? []));
  return dump;
}

/** The OS thread id of the calling thread (Linux), for naming worker threads in dumps. */
export function currentThreadId(): number | undefined {
  try {
    // /proc/thread-self is the /proc/<pid>/task/<tid> entry of the reading thread.
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    return Number(stat.slice(0, stat.indexOf(' ')));
  } catch {
    return undefined;
  }
}
