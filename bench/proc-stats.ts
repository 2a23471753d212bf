/** A process's memory and CPU time from Linux's /proc, for the benchmarks' reports. */
import { readFileSync, readdirSync } from 'node:fs';

/** A `kB` field of /proc/<pid>/status (VmRSS, VmHWM, ...), in bytes. */
function statusBytes(pid: number, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`No ${field} in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

/** A process's resident set size (VmRSS), in bytes. */
export function rss(pid: number): number {
  return statusBytes(pid, 'VmRSS');
}

/** A process's peak resident set size (VmHWM), in bytes. */
export function peakRss(pid: number): number {
  return statusBytes(pid, 'VmHWM');
}

/** Clock ticks per second of /proc's CPU times (`getconf CLK_TCK`; 100 on Linux x64). */
const CLOCK_TICKS_PER_SECOND = 100;

/** User + system CPU time of a /proc `stat` file (a process's or one thread's), in ms. */
function statCpuMs(path: string): number {
  const stat = readFileSync(path, 'utf8');
  // Fields after the command name (which may contain spaces) start at state, field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** A process's CPU time so far, user + system over all its threads (/proc/<pid>/stat), in ms. */
export function cpuTimeMs(pid: number): number {
  return statCpuMs(`/proc/${pid}/stat`);
}

/** The CPU time so far of each live thread of a process, by thread id, in ms; empty once it exited. */
export function threadCpuTimesMs(pid: number): Map<number, number> {
  const times = new Map<number, number>();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        times.set(Number(tid), statCpuMs(`/proc/${pid}/task/${tid}/stat`));
      } catch {
        // The thread ended between listing and reading.
      }
    }
  } catch {
    // The process is gone.
  }
  return times;
}
