/**
 * The binary frame format of the data plane between TaskManagers. Every frame is a 4-byte
 * big-endian length (of what follows it), a kind byte, then a fixed layout per kind:
 *
 * - HELLO (opens every connection): version u8, attempt round u32, job id (16 bytes), sender
 *   TaskManager id (u8 length, then UTF-8).
 * - DATA: consumer attempt id (16), consumer allocation id (16), edge source and target node ids
 *   (u32 each), producer subtask u32, then the encoded buffer (its first byte is a `BufferKind`).
 * - CREDIT: producer attempt id (16), producer allocation id (16), edge (2 × u32), consumer
 *   channel u32, credits u32.
 *
 * Flink ids are 32 hex characters, so they travel as their 16 bytes; the job is named once per
 * connection, in its HELLO.
 */

/** The kind byte after the length prefix. */
export const FrameKind = {
  HELLO: 1,
  DATA: 2,
  CREDIT: 3,
} as const;
export type FrameKind = (typeof FrameKind)[keyof typeof FrameKind];

/** Raised when the layout changes; a peer speaking another version is refused at HELLO. */
export const PROTOCOL_VERSION = 1;

/** Bytes of the length prefix. */
export const LENGTH_BYTES = 4;
/** Bytes of a Flink id on the wire. */
export const ID_BYTES = 16;
/** Longest TaskManager id a HELLO may carry (its length travels in one byte). */
export const MAX_TASK_MANAGER_ID_BYTES = 255;

/** Kind, version, round, job id, id length: the HELLO before the TaskManager id. */
export const HELLO_FIXED_BYTES = 1 + 1 + 4 + ID_BYTES + 1;
/** Kind, two ids, edge, producer subtask: the DATA header before the buffer. */
export const DATA_HEADER_BYTES = 1 + 2 * ID_BYTES + 4 + 4 + 4;
/** A CREDIT frame is fixed-size. */
export const CREDIT_BYTES = 1 + 2 * ID_BYTES + 4 + 4 + 4 + 4;

/**
 * Largest frame a peer may declare (the length prefix). A record batch is a thousand records, so
 * only batches of very large records come near it; a corrupt or hostile prefix beyond it is
 * refused before anything is buffered.
 */
export const MAX_FRAME_BYTES = 256 * 1024 * 1024;

/** What a HELLO says: who sends, for which job and which attempt round of it. */
export interface Hello {
  taskManagerId: string;
  jobId: string;
  /**
   * The job's attempt number (restart round) at the sender when it opened the connection. A
   * connection carries one round: see `TcpConnectionManager`.
   */
  round: number;
}
