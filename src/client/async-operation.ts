/**
 * Waiting for one of Flink's asynchronous REST operations (a checkpoint, a savepoint, a disposal):
 * its status is polled until it is COMPLETED, with its result or its failure cause.
 */
import { SluiceError } from '../common/errors.js';

/** How often the status is polled: a checkpoint of a small job takes milliseconds, a GET is cheap. */
const POLL_INTERVAL_MS = 200;

/** Flink's SerializedThrowable as far as the client reads it. */
export interface FailureCauseJson {
  class: string;
  'stack-trace': string;
}

/** Flink's AsynchronousOperationResult of an operation of shape `O`. */
export interface OperationStatusJson<O> {
  status: { id: 'IN_PROGRESS' | 'COMPLETED' };
  operation: O | null;
}

/**
 * Polls `status` until the operation completed: resolves with `result` of the operation, or
 * rejects with the cluster's cause (`cause` of the operation: its error code, and the first line
 * of its stack trace as the message).
 */
export async function awaitOperation<O, R>(status: () => Promise<OperationStatusJson<O>>, result: (operation: O) => R, cause: (operation: O) => FailureCauseJson | undefined): Promise<R> {
  for (;;) {
    const answer = await status();
    if (answer.status.id === 'COMPLETED' && answer.operation) {
      const failure = cause(answer.operation);
      if (!failure) return result(answer.operation);
      const err = new SluiceError(failure.class, failure['stack-trace'].split('\n')[0]!.replace(/^\w+: /, ''), { kind: 'user' });
      err.stack = failure['stack-trace'];
      throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}
