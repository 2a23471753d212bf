/**
 * A connection this TaskManager opened to a peer's data server for one job and attempt round:
 * it starts with a HELLO, then carries that job's batches and credits to the peer, in order.
 * The peer never writes back, so anything that ends it (a close by the peer, a reset, a refused
 * connect) is a loss reported once, saying whether the peer ended an established connection.
 */
import { connect, type Socket } from 'node:net';
import type { Logger } from '../../common/log.js';
import type { TaskMessage } from '../task-messages.js';
import type { PeerAddress, PeerConnectionLost } from './data-plane-listener.js';
import { encodeCredit, encodeDataHeader, encodeHello } from './frame-encoder.js';
import type { Hello } from './frame-layout.js';

export class OutboundConnection {
  private readonly socket: Socket;
  private error?: Error;
  /** The TCP connection was established: a later end came from the peer's side. */
  private established = false;
  /** Set once it ended, by us (`close`) or not (then the loss was reported). */
  private ended = false;

  constructor(
    private readonly peer: PeerAddress,
    private readonly hello: Hello,
    private readonly log: Logger,
    private readonly onLost: (lost: PeerConnectionLost) => void,
  ) {
    this.socket = connect({ host: peer.host, port: peer.port });
    this.socket.setNoDelay(true);
    this.socket.once('connect', () => (this.established = true));
    this.socket.write(encodeHello(hello));
    // Read so a close by the peer is seen at once, not at the next write.
    this.socket.on('data', () => undefined);
    this.socket.on('error', (err) => (this.error ??= err));
    this.socket.on('close', () => this.lost(this.error ? `connection failed: ${this.error.message}` : 'the peer closed the connection', this.established));
  }

  /** Writes a message: a DATA frame's header, then its payload as is (one writev). */
  send(msg: TaskMessage): void {
    if (msg.t === 'credit') {
      this.socket.write(encodeCredit(msg));
      return;
    }
    const header = encodeDataHeader(msg);
    this.socket.cork();
    this.socket.write(header);
    this.socket.write(msg.bytes);
    this.socket.uncork();
  }

  /** The attempt round of the job it carries. */
  get round(): number {
    return this.hello.round;
  }

  /** Whether it can still carry messages. */
  get open(): boolean {
    return !this.ended;
  }

  /** Ends it without blame once what was written is sent (a newer round, the job left, shutdown). */
  close(): void {
    this.ended = true;
    this.socket.end();
  }

  /** Ends it at once, reporting a loss for `reason` (an outgoing message could not be encoded). */
  fail(reason: string): void {
    this.socket.destroy();
    this.lost(reason, false);
  }

  private lost(reason: string, endedByPeer: boolean): void {
    if (this.ended) return;
    this.ended = true;
    const { peer, hello } = this;
    this.log.warn({ peer: `${peer.host}:${peer.port}`, taskManagerId: peer.taskManagerId, jobId: hello.jobId, round: hello.round, reason }, `Lost the data connection to TaskManager ${peer.taskManagerId} (${peer.host}:${peer.port}) for job ${hello.jobId}: ${reason}`);
    this.onLost({ jobId: hello.jobId, taskManagerId: peer.taskManagerId, round: hello.round, reason, endedByPeer });
  }
}
