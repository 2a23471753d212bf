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
 * message of a newer round ends the old connection and opens a fresh one, and the loss of a
 * connection older than the job's current round here is not reported. A round's messages
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
  /** Per job with tasks here, the attempt round of its latest task. */
  private readonly rounds = new Map<string, number>();

  /** `taskManagerId` is this TaskManager's resource id, sent in every HELLO. */
  constructor(taskManagerId: string, listener: DataPlaneListener, log: Logger) {
    const current: DataPlaneListener = {
      onMessage: (msg, via) => listener.onMessage(msg, via),
      onPeerLost: (lost) => {
        // A connection of an earlier round concerns no task of the current one.
        if (lost.round >= (this.rounds.get(lost.jobId) ?? lost.round)) listener.onPeerLost(lost);
      },
    };
    this.server = new DataConnectionServer(current, log);
    this.clients = new DataConnectionClients(taskManagerId, log, current.onPeerLost);
  }

  /** Starts the data server; resolves with its port. */
  listen(host: string, port: number): Promise<number> {
    return this.server.listen(host, port);
  }

  /** A task of attempt round `round` (its attempt number) of the job is deployed here. */
  enterRound(jobId: string, round: number): void {
    this.rounds.set(jobId, Math.max(round, this.rounds.get(jobId) ?? 0));
  }

  /** Sends a message to a task on `peer`, on the connection of its job's current round here. */
  send(peer: PeerAddress, msg: TaskMessage): void {
    this.clients.send(peer, msg, this.rounds.get(msg.jobId) ?? 0);
  }

  /** Closes inbound connection `via` for bad input found after decoding (unknown channel, ended task). */
  closeInbound(via: number, reason: string): void {
    this.server.fail(via, reason);
  }

  /** The job left this TaskManager: its outbound connections end and its round is forgotten. */
  closeJob(jobId: string): void {
    this.clients.closeJob(jobId);
    this.rounds.delete(jobId);
  }

  /** Closes every connection and the server. */
  async close(): Promise<void> {
    this.clients.close();
    await this.server.close();
  }
}
