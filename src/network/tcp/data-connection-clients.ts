/**
 * The client side of the data plane: one outbound connection per (peer TaskManager, job), opened
 * on first use, so closing one never disturbs another job's channels. A connection carries one
 * attempt round of its job: the first message of a newer round ends it and opens a fresh one
 * (see `TcpConnectionManager` for why).
 */
import { errorMessage } from '../../common/errors.js';
import type { Logger } from '../../common/log.js';
import type { TaskMessage } from '../task-messages.js';
import type { PeerAddress, PeerConnectionLost } from './data-plane-listener.js';
import { OutboundConnection } from './outbound-connection.js';

export class DataConnectionClients {
  /** By job, then by peer TaskManager id. */
  private readonly connections = new Map<string, Map<string, OutboundConnection>>();

  constructor(
    private readonly taskManagerId: string,
    private readonly log: Logger,
    private readonly onLost: (lost: PeerConnectionLost) => void,
  ) {}

  /**
   * Sends `msg` of its job's attempt round `round` (never lower than an earlier call's for the
   * job) to `peer`. After that connection was lost, messages of its round are dropped: reopening
   * would hand the peer channels with a gap, and the tasks on both sides fail over anyway.
   */
  send(peer: PeerAddress, msg: TaskMessage, round: number): void {
    let byPeer = this.connections.get(msg.jobId);
    if (!byPeer) this.connections.set(msg.jobId, (byPeer = new Map()));
    let connection = byPeer.get(peer.taskManagerId);
    if (connection && connection.round < round) connection.close();
    if (!connection || connection.round < round) {
      connection = new OutboundConnection(peer, { taskManagerId: this.taskManagerId, jobId: msg.jobId, round }, this.log, this.onLost);
      byPeer.set(peer.taskManagerId, connection);
    }
    if (!connection.open) return;
    try {
      connection.send(msg);
    } catch (err) {
      connection.fail(`could not send a ${msg.t} message: ${errorMessage(err)}`);
    }
  }

  /** Ends the job's connections once their data is written (the job left this TaskManager). */
  closeJob(jobId: string): void {
    for (const c of this.connections.get(jobId)?.values() ?? []) c.close();
    this.connections.delete(jobId);
  }

  /** Ends every connection (shutdown). */
  close(): void {
    for (const jobId of [...this.connections.keys()]) this.closeJob(jobId);
  }
}
