/**
 * The data plane between TaskManagers: one TCP connection per peer, carrying length-prefixed
 * msgpack frames of record batches addressed by channel (consumer attempt, edge, producer).
 */
import { connect, type Socket } from 'node:net';
import { encodeFrame } from '../rpc/frame-codec.js';
import { FrameServer } from '../rpc/frame-server.js';
import type { DataMessage } from './worker-messages.js';

/** [jobId, to, edge, from, bytes | null] */
type DataFrame = [string, string, string, number, Uint8Array | null];

function toFrame(m: DataMessage): DataFrame {
  return [m.jobId, m.to, m.edge, m.from, m.bytes ?? null];
}

function fromFrame(f: DataFrame): DataMessage {
  return { t: 'data', jobId: f[0], to: f[1], edge: f[2], from: f[3], bytes: f[4] ?? undefined };
}

/** Accepts data connections from peers and hands every batch to `deliver`. */
export class DataServer {
  private readonly frames: FrameServer;

  constructor(deliver: (msg: DataMessage) => void) {
    this.frames = new FrameServer((_socket, frame) => deliver(fromFrame(frame as DataFrame)));
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

  send(host: string, port: number, msg: DataMessage): void {
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
