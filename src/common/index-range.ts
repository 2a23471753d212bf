/**
 * How `total` items are shared among `parallelism` parallel subtasks: contiguous, near-equal
 * ranges in order. Sources split their input this way, and a rescale splits list state so (Flink's
 * RoundRobinOperatorStateRepartitioner gives each new subtask an even part).
 */

/** The indices `[start, end)` of `0..total-1` that subtask `index` of `parallelism` owns. */
export function indexRange(total: number, index: number, parallelism: number): { start: number; end: number } {
  return {
    start: Math.floor((index * total) / parallelism),
    end: Math.floor(((index + 1) * total) / parallelism),
  };
}
