/**
 * Self time per function from a V8 tick log (`node --prof`). Node's own `--prof-process` leaves
 * most ticks "unaccounted" with this machine's node binary: its symbol table overflows the
 * buffer the processor's `nm` call reads, and the ticks in V8's builtins (Map lookups, string
 * splitting, ...) are lost with it. Resolving here is simple: the log has every code object's
 * creation and moves, and the node binary's C++ functions come from `nm`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

export interface TickSummary {
  ticks: number;
  /** Self ticks per function, highest first. */
  functions: { name: string; ticks: number }[];
  /** Which thread the log is from, guessed from the code it ran. */
  thread: string;
}

interface CodeEntry {
  start: number;
  size: number;
  name: string;
}

/** V8's VM states (StateTag) that get their own row instead of a function. */
const VM_STATE_ROWS: Record<string, string> = { '1': '(garbage collection)', '8': '(idle: waiting in the event loop)' };

/** Code objects by address, kept sorted for lookups; new code replaces what it overlaps. */
class CodeMap {
  private readonly entries: CodeEntry[] = [];

  add(entry: CodeEntry): void {
    let i = this.indexAfter(entry.start);
    if (i > 0 && this.entries[i - 1]!.start + this.entries[i - 1]!.size > entry.start) i--;
    let end = i;
    while (end < this.entries.length && this.entries[end]!.start < entry.start + entry.size) end++;
    this.entries.splice(i, end - i, entry);
  }

  move(from: number, to: number): void {
    const i = this.indexAfter(from) - 1;
    const entry = this.entries[i];
    if (!entry || entry.start !== from) return;
    this.entries.splice(i, 1);
    this.add({ ...entry, start: to });
  }

  find(pc: number): CodeEntry | undefined {
    const entry = this.entries[this.indexAfter(pc) - 1];
    return entry && pc < entry.start + entry.size ? entry : undefined;
  }

  /** The index of the first entry starting after `address`. */
  private indexAfter(address: number): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid]!.start <= address) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** The node binary's functions (`nm`), for ticks in V8's and Node's C++ code. */
function nativeSymbols(executable: string): CodeMap {
  const map = new CodeMap();
  const nm = spawnSync('nm', ['-C', '-n', '-S', '--defined-only', executable], { encoding: 'utf8', maxBuffer: 1 << 30 });
  for (const line of (nm.stdout ?? '').split('\n')) {
    const m = /^([0-9a-f]+) ([0-9a-f]+) [tTwW] (.+)$/.exec(line);
    if (m) map.add({ start: parseInt(m[1]!, 16), size: parseInt(m[2]!, 16), name: `C++: ${m[3]}` });
  }
  return map;
}

let nodeSymbols: CodeMap | undefined;

/** Reads one isolate's tick log. */
export function summarizeTickLog(path: string, top: number): TickSummary {
  const text = readFileSync(path, 'utf8');
  const code = new CodeMap();
  const libraries: CodeEntry[] = [];
  const counts = new Map<string, number>();
  let ticks = 0;
  for (const line of text.split('\n')) {
    const f = line.split(',');
    switch (f[0]) {
      case 'shared-library':
        libraries.push({ start: parseInt(f[2]!, 16), size: parseInt(f[3]!, 16) - parseInt(f[2]!, 16), name: f[1]! });
        break;
      case 'code-creation':
        // code-creation,type,kind,time,start,size,name[,sfi,tier] — a name may contain commas.
        code.add({ start: parseInt(f[4]!, 16), size: Number(f[5]), name: `${f[1]}: ${f.slice(6, f[1] === 'JS' ? -2 : undefined).join(',')}` });
        break;
      case 'code-move':
        code.move(parseInt(f[1]!, 16), parseInt(f[2]!, 16));
        break;
      case 'tick': {
        ticks++;
        const name = VM_STATE_ROWS[f[5]!] ?? resolve(parseInt(f[1]!, 16), code, libraries);
        counts.set(name, (counts.get(name) ?? 0) + 1);
        break;
      }
    }
  }
  const functions = [...counts].map(([name, n]) => ({ name, ticks: n })).sort((a, b) => b.ticks - a.ticks).slice(0, top);
  return { ticks, functions, thread: threadOf(text) };
}

function resolve(pc: number, code: CodeMap, libraries: CodeEntry[]): string {
  const entry = code.find(pc);
  if (entry) return entry.name;
  const library = libraries.find((l) => pc >= l.start && pc < l.start + l.size);
  if (!library) return '(unknown)';
  if (library.name === process.execPath) return (nodeSymbols ??= nativeSymbols(process.execPath)).find(pc)?.name ?? `${basename(library.name)} (no symbol)`;
  return basename(library.name);
}

function threadOf(log: string): string {
  if (log.includes('task-manager-runner')) return 'TaskManager main thread';
  if (log.includes('task-worker-main')) return 'task worker';
  if (log.includes('resolve-hook')) return 'module loader hooks thread';
  return 'other thread';
}
