/** Argument checks shared by every place a program sets a (max) parallelism. */
import { ErrorCode, SluiceError } from '../common/errors.js';
import type { StreamNode } from './stream-graph.js';

/** Flink's upper bound for max parallelism (number of key groups): 2^15. */
export const MAX_PARALLELISM_UPPER_BOUND = 32_768;

/** Returns `parallelism` if it is a whole number of at least 1, else throws INVALID_PROGRAM. */
export function checkParallelism(parallelism: number): number {
  if (!Number.isInteger(parallelism) || parallelism < 1) {
    throw SluiceError.user(ErrorCode.INVALID_PROGRAM, `The parallelism of an operator must be at least 1, got ${parallelism}.`);
  }
  return parallelism;
}

/** Returns `maxParallelism` if it is a whole number in [1, 32768], else throws INVALID_PROGRAM. */
export function checkMaxParallelism(maxParallelism: number): number {
  if (!Number.isInteger(maxParallelism) || maxParallelism < 1 || maxParallelism > MAX_PARALLELISM_UPPER_BOUND) {
    throw SluiceError.user(
      ErrorCode.INVALID_PROGRAM,
      `The maximum parallelism must be between 1 and ${MAX_PARALLELISM_UPPER_BOUND}, got ${maxParallelism}.`,
    );
  }
  return maxParallelism;
}

/**
 * Returns `parallelism` if `node` may run with it: a socket source reads one connection, so it
 * is non-parallel (as in Flink, the check happens when the program sets the parallelism).
 */
export function checkSourceParallelism(node: StreamNode, parallelism: number): number {
  if (parallelism !== 1 && node.operator.kind === 'source' && node.operator.source.type === 'socket') {
    throw SluiceError.user(ErrorCode.INVALID_PROGRAM, `The parallelism of non parallel operator "${node.name}" must be 1, got ${parallelism}.`);
  }
  return parallelism;
}
