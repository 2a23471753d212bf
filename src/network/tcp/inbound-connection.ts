/**
 * One connection a peer opened to this TaskManager's data server: its frames are decoded and
 * handed on until the first bad input, which closes it with one warning naming the peer.
 */
import type { Socket } from 'node:net';
import { errorMessage } from '../../common/errors.js';
import type { Logger } from '../../common/log.js';
import type { TaskMessage } from '../task-messages.js';
import type { DataPlaneListener } from './data-plane-listener.js';
import { FrameDecoder } from './frame-decoder.js';
import type { Hello } from './frame-layout.js';

export class InboundConnection {
  private readonly decoder: FrameDecoder;
  private hello?: Hello;
  private closed = false;
  /** Closes a connection that opens and never says who it is (it would hold a socket for good). */
  private readonly helloTimer: NodeJS.Timeout;
  /** `host:port` of the peer's end, for the log. */
  readonly address: string;

  constructor(
    /** The id messages of this connection carry as `via`. */
    readonly via: number,
    private readonly socket: Socket,
    private readonly listener: DataPlaneListener,
    private readonly log: Logger,
    onClosed: () => void,
    helloTimeoutMs: number,
  ) {
    this.address = `${socket.remoteAddress}:${socket.remotePort}`;
    this.decoder = new FrameDecoder({
      onHello: (hello) => {
        this.hello = hello;
        clearTimeout(this.helloTimer);
      },
      onMessage: (msg) => this.deliver(msg),
    });
    this.helloTimer = setTimeout(() => this.fail(`no HELLO frame within ${helloTimeoutMs} ms`), helloTimeoutMs);
    this.helloTimer.unref();
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.consume(() => this.decoder.push(chunk)));
    socket.on('end', () => this.consume(() => this.decoder.end()));
    // A reset by the peer is not bad input; the sending side reports its own losses.
    socket.on('error', (err) => this.log.debug({ peer: this.address, err: err.message }, 'Inbound data connection failed'));
    socket.on('close', () => {
      clearTimeout(this.helloTimer);
      this.closed = true;
      onClosed();
    });
  }

  /**
   * Closes the connection for bad input: one warning naming the peer (address and, after its
   * HELLO, its TaskManager and job) and the reason, then the job's tasks here are told. Later
   * calls do nothing, so a burst of refused batches logs once.
   */
  fail(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    const hello = this.hello;
    this.log.warn({ peer: this.address, taskManagerId: hello?.taskManagerId, jobId: hello?.jobId, round: hello?.round, reason }, `Closed the data connection from ${hello ? `TaskManager ${hello.taskManagerId} (${this.address}) for job ${hello.jobId}` : this.address}: ${reason}`);
    if (hello) this.listener.onPeerLost({ jobId: hello.jobId, taskManagerId: hello.taskManagerId, round: hello.round, reason: `bad input from it: ${reason}`, endedByPeer: false });
  }

  /** Stops without blame (this TaskManager shuts down). */
  destroy(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private consume(step: () => void): void {
    if (this.closed) return;
    try {
      step();
    } catch (err) {
      this.fail(errorMessage(err));
    }
  }

  private deliver(msg: TaskMessage): void {
    // Frames decoded after a message was refused in the same read are dropped with the connection.
    if (!this.closed) this.listener.onMessage(msg, this.via);
  }
}
