/** Live rates of a job vertex, as the graph and the throughput chart show them. */
export interface VertexRates {
  /** Records per second into the vertex, summed over its subtasks. */
  recordsInPerSecond: number;
  /** Records per second out of the vertex, summed over its subtasks. */
  recordsOutPerSecond: number;
  /** Share of time the busiest subtask was busy, in percent. */
  busyPercent: number;
  /** Share of time the most back-pressured subtask was back-pressured, in percent. */
  backPressuredPercent: number;
}
