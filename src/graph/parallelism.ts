/** The effective parallelism and max parallelism of each operator. */
import type { StreamNode } from '../api/stream-graph.js';
import { ErrorCode, SluiceError } from '../common/errors.js';

/** Flink's default max parallelism (number of key groups) when neither program nor cluster sets one. */
export const DEFAULT_MAX_PARALLELISM = 128;

/** What an operator gets when it sets nothing itself: the job's setting, else the cluster's. */
export interface ParallelismDefaults {
  parallelism: number;
  maxParallelism: number;
}

/** The settings an operator runs with. */
export interface ResolvedParallelism {
  parallelism: number;
  maxParallelism: number;
}

/**
 * The operator's own settings, else the defaults. Collection sources are non-parallel (always 1,
 * and max parallelism 1 as Flink's forceNonParallel, so a rescale cannot raise them). Throws
 * INVALID_PROGRAM naming the operator when the result is unusable.
 */
export function resolveParallelism(node: StreamNode, defaults: ParallelismDefaults): ResolvedParallelism {
  const maxParallelism = isNonParallel(node) ? 1 : (node.maxParallelism ?? defaults.maxParallelism);
  if (isNonParallel(node) && node.parallelism !== undefined && node.parallelism !== 1) {
    throw invalid(`The parallelism of non parallel operator "${node.name}" must be 1, got ${node.parallelism}.`);
  }
  const parallelism = isNonParallel(node) ? 1 : (node.parallelism ?? defaults.parallelism);
  if (!Number.isInteger(parallelism) || parallelism < 1) {
    throw invalid(`The parallelism of operator "${node.name}" must be at least 1, got ${parallelism}.`);
  }
  if (parallelism > maxParallelism) {
    throw invalid(
      `The parallelism (${parallelism}) of operator "${node.name}" is higher than its max parallelism (${maxParallelism}). ` +
        'Lower the parallelism or increase the max parallelism.',
    );
  }
  return { parallelism, maxParallelism };
}

function isNonParallel(node: StreamNode): boolean {
  return node.operator.kind === 'source' && node.operator.source.type === 'elements';
}

function invalid(message: string): SluiceError {
  return SluiceError.user(ErrorCode.INVALID_PROGRAM, message);
}
