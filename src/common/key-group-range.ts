/**
 * The key groups a keyed operator's subtask owns (Flink's KeyGroupRange and KeyGroupRangeAssignment):
 * the task's keyed state backends and the JobMaster's state assignment on a rescale share them.
 */

/** Key groups `start..end`, both inclusive; empty when `end < start`. */
export interface KeyGroupRange {
  readonly start: number;
  readonly end: number;
}

/**
 * The contiguous key groups of subtask `index` of `parallelism`: exactly the groups `g` with
 * `operatorIndexForKeyGroup(maxParallelism, parallelism, g) === index`, so a subtask holds state
 * only for the keys the hash partitioner sends it.
 */
export function keyGroupRangeForSubtask(maxParallelism: number, parallelism: number, index: number): KeyGroupRange {
  return {
    start: Math.ceil((index * maxParallelism) / parallelism),
    end: Math.ceil(((index + 1) * maxParallelism) / parallelism) - 1,
  };
}

/** Whether two ranges share a key group (Flink's KeyGroupRange.getIntersection is not empty). */
export function keyGroupRangesOverlap(a: KeyGroupRange, b: KeyGroupRange): boolean {
  return Math.max(a.start, b.start) <= Math.min(a.end, b.end);
}

/** Whether `keyGroup` is in `range`. */
export function containsKeyGroup(range: KeyGroupRange, keyGroup: number): boolean {
  return keyGroup >= range.start && keyGroup <= range.end;
}
