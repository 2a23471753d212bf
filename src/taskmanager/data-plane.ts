/**
 * The data plane between TaskManagers: one TCP connection per peer, carrying length-prefixed
 * msgpack frames of record batches (to the consuming attempt) and credits (back to the producing
 * attempt), each addressed by attempt, edge and subtask.
 */
import { connect, type Socket } from 'node:net';
import { encodeFrame } from '../rpc/frame-codec.js';
import { FrameServer } from '../rpc/frame-server.js';
import type { TaskMessage } from './worker-messages.js';

/** Data: [0, jobId, to, toAllocation, edge, from, bytes]; credit: [1, jobId, to, toAllocation, edge, channel, credits]. */
type Frame = [0, string, string, string, string, number, Uint8Array] | [1, string, string, string, string, number, number];

function toFrame(m: TaskMessage): Frame {
  return m.t === 'data' ? [0, m.jobId, m.to, m.toAllocation, m.edge, m.from, m.bytes] : [1, m.jobId, m.to, m.toAllocation, m.edge, m.channel, m.credits];
}

function fromFrame(f: Frame): TaskMessage {
  return f[0] === 0
    ? { t: 'data', jobId: f[1], to: f[2], toAllocation: f[3], edge: f[4], from: f[5], bytes: f[6] }
    : { t: 'credit', jobId: f[1], to: f[2], toAllocation: f[3], edge: f[4], channel: f[5], credits: f[6] };
}

/** Accepts data connections from peers and hands every batch to `deliver`. */
export class DataServer {
  private readonly frames: FrameServer;

  constructor(deliver: (msg: TaskMessage) => void) {
    this.frames = new FrameServer((_socket, frame) => deliver(fromFrame(frame as Frame)));
  }

  listen(host: string, port: number): Promise<number> {
    return this.frames.listen(host, port);
  }

  close(): Promise<void> {
    return this.frames.close();
  }
}

/** Outgoing data connections, one per peer address, opened on first use. */
export class PeerConnections {
  private readonly sockets = new Map<string, Socket>();

  constructor(private readonly onError: (peer: string, err: Error) => void) {}

  send(host: string, port: number, msg: TaskMessage): void {
    const key = `${host}:${port}`;
    let socket = this.sockets.get(key);
    if (!socket || socket.destroyed) {
      socket = connect({ host, port });
      socket.setNoDelay(true);
      socket.on('error', (err) => this.onError(key, err));
      socket.on('close', () => {
        if (this.sockets.get(key) === socket) this.sockets.delete(key);
      });
      this.sockets.set(key, socket);
    }
    socket.write(encodeFrame(toFrame(msg)));
  }

  close(): void {
    for (const s of this.sockets.values()) s.destroy();
    this.sockets.clear();
  }
}
