/** How parallel sources share their input among subtasks, and how much they emit between pauses. */

/** Records a source emits between two pauses. */
export const SOURCE_CHUNK = 4096;

/** The indices `[start, end)` of `0..total-1` that subtask `index` of `parallelism` owns: contiguous, near-equal ranges. */
export function indexRange(total: number, index: number, parallelism: number): { start: number; end: number } {
  return {
    start: Math.floor((index * total) / parallelism),
    end: Math.floor(((index + 1) * total) / parallelism),
  };
}
