/**
 * Runs one plan extraction request in a fresh child process (`plan-extractor-main`), bounded in
 * time (SIGKILL at the deadline) and heap (`--max-old-space-size`), and turns every way the child
 * can end into either its answer or a SluiceError saying what the user's program did. The pool
 * (plan-extractor-pool.ts) decides when children are forked.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { WebOptions } from '../common/config/options.js';
import { ErrorCode, SluiceError, deserializeError } from '../common/errors.js';
import { OutputTail } from './output-tail.js';
import type { PlanReply, PlanRequest } from './plan-extraction-protocol.js';
import { isTypeScriptSource, siblingModuleUrl } from './sibling-module.js';
import { withoutJobManagerInternals } from './user-frames.js';

/** Bounds of one child run. */
export interface PlanExtractorLimits {
  timeoutMs: number;
  maxHeapBytes: number;
  /** How much of the child's stdout/stderr is kept for error messages. */
  outputLimitBytes: number;
}

const MiB = 1024 ** 2;
const STDIO_DRAIN_MS = 1_000;
const OUT_OF_MEMORY = /heap out of memory|Reached heap limit/;
const V8_FATAL_REPORT = /\n*<--- Last few GCs --->[\s\S]*$/;

/** How the child ended. */
interface ChildEnd {
  reply: PlanReply | undefined;
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** The tail of its stdout and stderr. */
  output: string;
}

/** A forked child, its output captured, waiting for its one request. */
export interface ExtractorChild {
  child: ChildProcess;
  output: OutputTail;
}

/** Forks a child that waits for one request; idle, it does not keep this process alive. */
export function forkExtractor(limits: PlanExtractorLimits): ExtractorChild {
  // From sources (tests under tsx) the child is a .ts file and needs tsx's loader too.
  const loader = isTypeScriptSource(import.meta.url) ? ['--import', import.meta.resolve('tsx')] : [];
  const child = fork(fileURLToPath(siblingModuleUrl('./plan-extractor-main', import.meta.url)), [], {
    execArgv: [...loader, `--max-old-space-size=${heapLimitMiB(limits)}`],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'json',
    detached: true,
  });
  const output = new OutputTail(limits.outputLimitBytes);
  child.stdout!.on('data', (chunk: Buffer) => output.append(chunk));
  child.stderr!.on('data', (chunk: Buffer) => output.append(chunk));
  // An idle child must not keep this process alive; one that works on a request does (talk).
  setReferenced(child, false);
  return { child, output };
}

function setReferenced(child: ChildProcess, referenced: boolean): void {
  const handles = [child, child.channel as { ref?: () => void; unref?: () => void } | undefined, child.stdout as Socket, child.stderr as Socket];
  for (const h of handles) (referenced ? h?.ref : h?.unref)?.call(h);
}

/** Kills a child's process group (it and anything it spawned). */
export function killGroup(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * Sends `request` to the child and resolves with its answer. The child never outlives the call:
 * it settles only once the child has exited (or, if the child's pipes stay open, shortly after).
 */
export function talk({ child, output }: ExtractorChild, request: PlanRequest, limits: PlanExtractorLimits): Promise<unknown> {
  setReferenced(child, true);
  return new Promise((resolve, reject) => {
    let reply: PlanReply | undefined;
    let timedOut = false;
    let settled = false;
    // The child leads its own process group: killing the group also ends anything it spawned.
    const killAll = (): void => killGroup(child);
    const deadline = setTimeout(() => {
      timedOut = true;
      killAll();
    }, limits.timeoutMs);
    let drain: NodeJS.Timeout | undefined;
    const settle = (code: number | null, signal: NodeJS.Signals | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearTimeout(drain);
      killAll();
      child.stdout!.destroy();
      child.stderr!.destroy();
      if (reply?.ok) resolve(reply.value);
      else reject(explainFailure({ reply, code, signal, timedOut, output: output.text() }, limits, request.settings.cacheDir));
    };
    child.on('message', (message: PlanReply) => {
      reply ??= message;
      // The answer is in: nothing the program still does matters.
      killAll();
    });
    // 'close' follows the exit once stdout, stderr and IPC are drained, so the reply and output are
    // complete; the drain timeout stops a process that escaped the group and holds the pipes open.
    child.on('close', settle);
    child.on('exit', (code, signal) => {
      drain = setTimeout(() => settle(code, signal), STDIO_DRAIN_MS);
    });
    child.on('error', (err) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      reject(new SluiceError(ErrorCode.INTERNAL, `The plan extraction process failed: ${err.message}`, { cause: err }));
    });
    child.send(request);
  });
}

function heapLimitMiB(limits: PlanExtractorLimits): number {
  return Math.max(1, Math.round(limits.maxHeapBytes / MiB));
}

/**
 * The error for a child that did not answer with a value, with what the program printed; the
 * user sees their own stack frames only (the package was extracted under `cacheDir`).
 */
function explainFailure(end: ChildEnd, limits: PlanExtractorLimits, cacheDir: string): SluiceError {
  const err = failureCause(end, limits);
  // V8's out-of-memory report (GC trace, native stack) is not the program's output.
  const output = end.output.replace(V8_FATAL_REPORT, '').trimEnd();
  const withOutput = err.code !== ErrorCode.PLAN_EXTRACTION_FAILED || output.trim() === ''
    ? err.message
    : `${err.message}\n\nOutput of the program (last lines):\n${output}`;
  return new SluiceError(err.code, withoutJobManagerInternals(withOutput, cacheDir), { kind: err.kind, retryable: err.retryable, cause: err });
}

function failureCause(end: ChildEnd, limits: PlanExtractorLimits): SluiceError {
  const failed = (message: string): SluiceError => SluiceError.user(ErrorCode.PLAN_EXTRACTION_FAILED, message);
  if (end.reply && !end.reply.ok) return deserializeError(end.reply.error);
  if (end.timedOut) {
    return failed(`The program's main did not finish within ${limits.timeoutMs} ms (${WebOptions.PLAN_EXTRACTION_TIMEOUT.key}) and was stopped; does it wait for input or loop forever?`);
  }
  if (OUT_OF_MEMORY.test(end.output)) {
    return failed(`The program's main ran out of memory (heap limit ${heapLimitMiB(limits)} MiB, ${WebOptions.PLAN_EXTRACTION_MEMORY.key})`);
  }
  if (end.signal) return failed(`The plan extraction process was killed by ${end.signal} before building a job`);
  return failed(`The program's main exited the process (exit code ${end.code}) before building a job`);
}
