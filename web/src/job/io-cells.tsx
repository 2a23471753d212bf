/** The records, bytes and times columns a vertex row and a subtask row share. */
import type { IOMetricsInfo } from '../../../src/rest/api-types.js';
import { formatBytes, formatCount, formatDuration, formatTime } from '../format.js';

/** Their headers, in the order IoCells writes them. */
export const IO_COLUMNS = ['Records Received', 'Records Sent', 'Bytes Received', 'Bytes Sent', 'Start Time', 'Duration'];

export function IoCells({ metrics, startTime, duration }: { metrics: IOMetricsInfo; startTime: number; duration: number }) {
  return (
    <>
      <td>{formatCount(metrics['read-records'])}</td>
      <td>{formatCount(metrics['write-records'])}</td>
      <td>{formatBytes(metrics['read-bytes'])}</td>
      <td>{formatBytes(metrics['write-bytes'])}</td>
      <td>{formatTime(startTime)}</td>
      <td>{formatDuration(duration)}</td>
    </>
  );
}
