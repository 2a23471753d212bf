/**
 * The main-thread handle of a slot's task worker thread. A worker that dies (a user function
 * called process.exit, ran out of memory, or crashed) fails its tasks, never the TaskManager.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type MessagePort } from 'node:worker_threads';
import type { KnownThread } from '../common/process-info/thread-dump.js';
import type { FromWorker, ToWorker } from './worker-messages.js';

const compiled = new URL('./task-worker-main.js', import.meta.url);
/**
 * Under tsx (sources, e.g. a mini cluster in a test) the worker entry is the .ts file. Node 20
 * ignores `--import` in a worker's execArgv, so a bootstrap registers tsx's loader first.
 */
const workerEntry = existsSync(fileURLToPath(compiled))
  ? { script: compiled as URL | string, eval: false }
  : { script: `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./task-worker-main.ts', import.meta.url).href)}); });`, eval: true };

/**
 * Bytes that alone own their ArrayBuffer, so transferring it detaches nothing else: batches read
 * from a TCP frame are views into a buffer shared with the other frames of that read.
 */
function ownBuffer(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
}

export interface SlotWorkerEvents {
  onMessage(msg: FromWorker): void;
  /** The thread ended (normally after terminate, or by a crash when `error` is set). */
  onExit(error: Error | undefined): void;
}

export class SlotWorker {
  private readonly worker: Worker;
  private terminated = false;
  /** When the worker last sent anything (it sends at least every second while its loop runs). */
  lastHeardFrom = Date.now();
  /** The worker's OS thread id, once it said (Linux). */
  private tid?: number;

  constructor(events: SlotWorkerEvents, resourceLimits?: { maxYoungGenerationSizeMb?: number; maxOldGenerationSizeMb?: number }) {
    this.worker = new Worker(workerEntry.script, { eval: workerEntry.eval, resourceLimits, stdout: false, stderr: false });
    let crash: Error | undefined;
    this.worker.on('message', (msg: FromWorker) => {
      this.lastHeardFrom = Date.now();
      if (msg.t === 'thread') this.tid = msg.tid;
      else events.onMessage(msg);
    });
    this.worker.on('error', (err) => (crash = err));
    this.worker.on('exit', (code) => {
      const unexpected = !this.terminated;
      events.onExit(unexpected ? (crash ?? new Error(`Task worker exited with code ${code}`)) : undefined);
    });
  }

  /** This worker's thread, named `name`, for thread dumps. */
  thread(name: string): KnownThread {
    return { name, tid: this.tid, threadId: this.worker.threadId };
  }

  /** Hands the worker a port to the worker of slot allocation `allocationId`. */
  connect(allocationId: string, port: MessagePort): void {
    this.worker.postMessage({ t: 'connect', allocationId, port } satisfies ToWorker, [port]);
  }

  post(msg: ToWorker): void {
    if (msg.t !== 'data') return this.worker.postMessage(msg);
    const bytes = ownBuffer(msg.bytes);
    this.worker.postMessage({ ...msg, bytes }, [bytes.buffer as ArrayBuffer]);
  }

  async terminate(): Promise<void> {
    this.terminated = true;
    await this.worker.terminate();
  }
}
