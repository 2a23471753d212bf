/** What the TCP data plane tells the TaskManager it serves (the TaskExecutor). */
import type { TaskMessage } from '../task-messages.js';

/** A connection of one job with one peer TaskManager that ended abnormally (already logged). */
export interface PeerConnectionLost {
  jobId: string;
  /** The peer TaskManager (resource id). */
  taskManagerId: string;
  /** The attempt round the connection carried (see `Hello.round`). */
  round: number;
  reason: string;
  /**
   * An established connection that the peer ended (a close or a reset), as opposed to bad input
   * refused here or a peer that could not be reached. Such a peer either refused our input (and
   * then fails over its own tasks) or died (and then the JobMaster loses it by heartbeat or RPC).
   */
  endedByPeer: boolean;
}

export interface DataPlaneListener {
  /** A message from a peer; `via` names the inbound connection it came on (for `closeInbound`). */
  onMessage(msg: TaskMessage, via: number): void;
  /** The tasks of `lost.jobId` here that exchange data with that peer can no longer trust their channels. */
  onPeerLost(lost: PeerConnectionLost): void;
}

/** Where a peer TaskManager's data server listens. */
export interface PeerAddress {
  taskManagerId: string;
  host: string;
  port: number;
}
