/**
 * The two ends a heartbeat manager talks to: the listener, which owns what a heartbeat means on
 * this side of the pair, and the target, which reaches the peer (as Flink's HeartbeatListener and
 * HeartbeatTarget). `I` is the payload received from a peer, `O` the payload sent to it.
 */
import type { ResourceId } from '../common/ids.js';

export interface HeartbeatListener<I, O> {
  /**
   * `resourceId` sent no heartbeat for the timeout. Called once per silent target; the target is
   * no longer monitored when this runs.
   */
  notifyHeartbeatTimeout(resourceId: ResourceId): void;
  /** A heartbeat from `resourceId` carried `payload` (not called for an empty payload). */
  reportPayload?(resourceId: ResourceId, payload: I): void;
  /** The payload of the next heartbeat sent to `resourceId` (a request, or the answer to one). */
  retrievePayload?(resourceId: ResourceId): O;
}

/** The listener of a side that sends the heartbeat requests, and so sees them fail. */
export interface HeartbeatSenderListener<I, O> extends HeartbeatListener<I, O> {
  /**
   * `failedRequests` heartbeat requests in a row to `resourceId` failed outright (the peer refused
   * or dropped the call; `cause` is the last error). Called once; the target is no longer monitored.
   */
  notifyTargetUnreachable(resourceId: ResourceId, cause: unknown, failedRequests: number): void;
}

/** A peer that heartbeat requests can be sent to. */
export interface HeartbeatTarget<O, I> {
  /** Sends a heartbeat request carrying `payload`; settles with the peer's answer. */
  requestHeartbeat(payload: O): Promise<I>;
}
