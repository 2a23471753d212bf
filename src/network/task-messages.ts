/**
 * Messages addressed to a task attempt, the unit the data plane routes: within a worker thread,
 * between the worker threads of one TaskManager, and over TCP between TaskManagers.
 */

/** Address of one input channel: the consuming attempt (and its slot), the edge, the producing subtask. */
export interface ChannelAddress {
  jobId: string;
  /** Consumer execution attempt id. */
  to: string;
  /** The consumer's slot allocation: input for an attempt not deployed yet goes to that slot's worker. */
  toAllocation: string;
  /** Edge key (`sourceNodeId-targetNodeId`). */
  edge: string;
  /** Producer subtask index. */
  from: number;
}

/** One encoded network buffer (a record batch or an event, see `buffer-kind.ts`) for one input channel. */
export interface DataMessage extends ChannelAddress {
  t: 'data';
  bytes: Uint8Array;
}

/** Credit from a consumer to the producing attempt `to`: `channel` (the consumer's index) may take `credits` more buffers. */
export interface CreditMessage {
  t: 'credit';
  jobId: string;
  /** Producer execution attempt id. */
  to: string;
  /** The producer's slot allocation. */
  toAllocation: string;
  edge: string;
  channel: number;
  credits: number;
}

/** A message addressed to a task attempt: routed to its worker, locally or over TCP. */
export type TaskMessage = DataMessage | CreditMessage;

/** How the TaskManager main thread got a message it hands a worker (absent: from this TaskManager). */
export interface Inbound {
  /** The TCP connection it arrived on (the data plane's id), so bad input can close that connection. */
  via?: number;
  /** The peer at the other end of that connection, for the log. */
  peer?: string;
}

/** Key of an edge in input/output lookups: `sourceNodeId-targetNodeId`. */
export function edgeKey(sourceNodeId: number, targetNodeId: number): string {
  return `${sourceNodeId}-${targetNodeId}`;
}
