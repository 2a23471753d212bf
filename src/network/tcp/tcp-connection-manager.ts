/**
 * The TCP data plane of a TaskManager (Flink's NettyConnectionManager): the data server peers
 * connect to, and the connections it opens to peers, one per (peer TaskManager, job). Batches go
 * from the producer's TaskManager to the consumer's; credits travel back on the consumer's own
 * connection to the producer's TaskManager.
 *
 * Bad input closes only the connection it came on, with one warning naming the peer and the
 * reason, and the job's tasks here are told (`onPeerLost`); other jobs have connections of
 * their own. The sending side reports a connection the peer closed, or that failed, the same way.
 *
 * Restarts: late batches of a cancelled round for attempts that already ended are normal during a
 * failover, and close their connection. So that this cannot fail the new round's tasks, every
 * connection carries one attempt round of its job (named in its HELLO): a TaskManager's first
 * message of a newer round ends the old connection and opens a fresh one, and the listener
 * ignores the loss of a connection older than the job's current round here. A round's messages
 * all precede the next round's on a TaskManager, because the JobMaster restarts only once every
 * task of the failed round reported a terminal state, and a worker's messages reach the
 * TaskExecutor in order.
 */
import type { Logger } from '../../common/log.js';
import type { TaskMessage } from '../task-messages.js';
import { DataConnectionClients } from './data-connection-clients.js';
import { DataConnectionServer } from './data-connection-server.js';
import type { DataPlaneListener, PeerAddress } from './data-plane-listener.js';

export class TcpConnectionManager {
  private readonly server: DataConnectionServer;
  private readonly clients: DataConnectionClients;

  /** `taskManagerId` is this TaskManager's resource id, sent in every HELLO. */
  constructor(taskManagerId: string, listener: DataPlaneListener, log: Logger) {
    this.server = new DataConnectionServer(listener, log);
    this.clients = new DataConnectionClients(taskManagerId, log, (lost) => listener.onPeerLost(lost));
  }

  /** Starts the data server; resolves with its port. */
  listen(host: string, port: number): Promise<number> {
    return this.server.listen(host, port);
  }

  /** Sends a message of attempt round `round` of its job to a task on `peer`. */
  send(peer: PeerAddress, msg: TaskMessage, round: number): void {
    this.clients.send(peer, msg, round);
  }

  /** Closes inbound connection `via` for bad input found after decoding (unknown channel, ended task). */
  closeInbound(via: number, reason: string): void {
    this.server.fail(via, reason);
  }

  /** The job left this TaskManager: its outbound connections end. */
  closeJob(jobId: string): void {
    this.clients.closeJob(jobId);
  }

  /** Closes every connection and the server. */
  async close(): Promise<void> {
    this.clients.close();
    await this.server.close();
  }
}
