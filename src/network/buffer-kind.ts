/**
 * The first byte of every encoded network buffer: what follows it. Record batches and events
 * share one ordered stream per channel, so an event stays exactly where the producer put it
 * relative to the records.
 */
export const BufferKind = {
  /** A batch of records (`record-batch-codec.ts`: tuple columns or msgpack). */
  RECORD_BATCH: 0,
  /** An in-band event (end of partition, checkpoint barrier, watermark). */
  EVENT: 1,
} as const;
export type BufferKind = (typeof BufferKind)[keyof typeof BufferKind];
