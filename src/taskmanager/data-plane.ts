/**
 * The data plane between TaskManagers: one TCP connection per peer, carrying length-prefixed
 * msgpack frames of record batches addressed by channel (consumer attempt, edge, producer).
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { encodeFrame, FrameDecoder } from '../rpc/frame-codec.js';
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
  private server?: Server;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly deliver: (msg: DataMessage) => void) {}

  async listen(host: string, port: number): Promise<number> {
    const server = createServer((socket) => {
      this.sockets.add(socket);
      socket.setNoDelay(true);
      const decoder = new FrameDecoder((f) => this.deliver(fromFrame(f as DataFrame)));
      socket.on('data', (chunk) => {
        try {
          decoder.push(chunk);
        } catch {
          socket.destroy();
        }
      });
      socket.on('error', () => socket.destroy());
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const addr = server.address();
    if (addr === null || typeof addr === 'string') throw new Error('Data server has no TCP address');
    return addr.port;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
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
