/** Entry of a task worker thread (one per slot): a TaskWorker on the port to the TaskExecutor. */
import { parentPort } from 'node:worker_threads';
import { ProgramAbortException } from '../api/execution-context.js';
import { currentThreadId } from '../common/process-info/thread-dump.js';
import { TaskWorker } from './task-worker.js';
import type { FromWorker, ToWorker } from './worker-messages.js';

const port = parentPort;
if (!port) throw new Error('task-worker-main must run in a worker thread');

// A main that does not await execute() leaves the plan-mode abort unhandled; it is expected.
process.on('unhandledRejection', (reason) => {
  if (reason instanceof ProgramAbortException) return;
  throw reason;
});

const worker = new TaskWorker(port);
port.postMessage({ t: 'thread', tid: currentThreadId() } satisfies FromWorker);
worker.start();
port.on('message', (msg: ToWorker) => worker.handle(msg));
