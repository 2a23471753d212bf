/**
 * Entry of the plan extraction child process (forked by ChildProcessJobPackageService): reads one
 * request over IPC, runs the user's code, replies once and exits. Failures of the user's code
 * become error replies; if the child dies instead (exit, OOM, kill), the parent explains why.
 */
import { ProgramAbortException } from '../api/execution-context.js';
import { ErrorCode, SluiceError, serializeError } from '../common/errors.js';
import { describeJobPackage, extractJobGraph } from './plan-extraction.js';
import type { PlanReply, PlanRequest } from './plan-extraction-protocol.js';

let replied = false;

function reply(message: PlanReply): void {
  if (replied) return;
  replied = true;
  process.send!(message, () => process.exit(0));
}

function fail(err: unknown): void {
  reply({ ok: false, error: serializeError(err) });
}

function handle(request: PlanRequest): Promise<unknown> {
  switch (request.kind) {
    case 'describe':
      return describeJobPackage(request.packagePath, request.settings);
    case 'createJobGraph':
      return extractJobGraph(request.packagePath, request.packageName, request.blobKey, request.options, request.settings);
  }
}

// A main that calls `env.execute()` without awaiting it leaves the abort as an unhandled
// rejection; that is still a captured plan. Anything else unhandled fails the extraction.
process.on('unhandledRejection', (reason) => {
  if (reason instanceof ProgramAbortException) return;
  fail(SluiceError.user(ErrorCode.PLAN_EXTRACTION_FAILED, `The program's main left an unhandled promise rejection: ${reason instanceof Error ? reason.stack : String(reason)}`));
});
process.on('uncaughtException', (err) => {
  fail(SluiceError.user(ErrorCode.PLAN_EXTRACTION_FAILED, `The program's main threw an uncaught exception: ${err.stack ?? err.message}`));
});
// The parent is gone: nobody wants the answer.
process.on('disconnect', () => process.exit(1));

process.once('message', (request: PlanRequest) => {
  handle(request).then((value) => reply({ ok: true, value }), fail);
});
