/** How a failing user function fails its task: the error names the operator and subtask. */
import type { TaskInfo } from '../api/functions.js';
import { ErrorCode, SluiceError, errorMessage } from '../common/errors.js';

/** `Flat Map (2/4)`: an operator's subtask as Flink names it in messages. */
export function describeOperator(info: TaskInfo): string {
  return `${info.getTaskName()} (${info.getIndexOfThisSubtask() + 1}/${info.getNumberOfParallelSubtasks()})`;
}

/**
 * The USER_FUNCTION_FAILED error for `err`, thrown by the user code of `operator` (as
 * `describeOperator` gives it), with the user's message and stack. An error that already is one
 * (thrown by a chained successor while the user function emitted) passes unchanged, so the
 * operator that failed first is the one named.
 */
export function userFunctionError(operator: string, err: unknown): SluiceError {
  if (err instanceof SluiceError && err.code === ErrorCode.USER_FUNCTION_FAILED) return err;
  const wrapped = SluiceError.user(ErrorCode.USER_FUNCTION_FAILED, `${operator} failed: ${errorMessage(err)}`, err);
  if (err instanceof Error && err.stack) wrapped.stack = `${wrapped.name}: ${wrapped.message}\nCaused by: ${err.stack}`;
  return wrapped;
}
