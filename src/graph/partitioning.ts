/** Resolving the partitioner of each stream edge, and its name in the JobGraph. */
import type { PartitionerKind } from '../api/stream-graph.js';
import { ErrorCode, SluiceError } from '../common/errors.js';
import type { ShipStrategy } from '../protocol/job-graph.js';

/** A partitioner chosen by graph generation: never `auto`. */
export type ResolvedPartitioner = Exclude<PartitionerKind, 'auto'>;

/** Flink's ship strategy name of each partitioner. */
export const SHIP_STRATEGY: Readonly<Record<ResolvedPartitioner, ShipStrategy>> = {
  forward: 'FORWARD',
  hash: 'HASH',
  rebalance: 'REBALANCE',
  broadcast: 'BROADCAST',
  shuffle: 'SHUFFLE',
  global: 'GLOBAL',
  rescale: 'RESCALE',
};

/** One end of an edge, as far as partitioning cares. */
export interface EdgeEnd {
  name: string;
  parallelism: number;
}

/**
 * Flink's rule for edges without a partitioner: forward between equal parallelism, else
 * rebalance. An explicit forward across a parallelism change is an INVALID_PROGRAM error.
 */
export function resolvePartitioner(partitioner: PartitionerKind, source: EdgeEnd, target: EdgeEnd): ResolvedPartitioner {
  const sameParallelism = source.parallelism === target.parallelism;
  if (partitioner === 'auto') return sameParallelism ? 'forward' : 'rebalance';
  if (partitioner === 'forward' && !sameParallelism) {
    throw SluiceError.user(
      ErrorCode.INVALID_PROGRAM,
      `Forward partitioning does not allow change of parallelism. Upstream operation: "${source.name}" ` +
        `parallelism: ${source.parallelism}, downstream operation: "${target.name}" parallelism: ${target.parallelism}. ` +
        'You must use another partitioning strategy, such as broadcast, rebalance, shuffle or global.',
    );
  }
  return partitioner;
}
