/**
 * A TCP server whose connections carry length-prefixed msgpack frames (RPC). A connection that
 * sends a corrupt frame is closed.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { listenTcp } from '../common/listen-tcp.js';
import { FrameDecoder } from './frame-codec.js';

export class FrameServer {
  private server?: Server;
  private readonly sockets = new Set<Socket>();

  /** `onFrame` receives every decoded frame with the connection it came from. */
  constructor(private readonly onFrame: (socket: Socket, frame: unknown) => void) {}

  /** Starts listening; resolves with the bound port. */
  async listen(host: string, port: number): Promise<number> {
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    return listenTcp(server, host, port);
  }

  /** Stops accepting and closes every connection. */
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const decoder = new FrameDecoder((frame) => this.onFrame(socket, frame));
    socket.on('data', (chunk) => {
      try {
        decoder.push(chunk);
      } catch {
        socket.destroy();
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.sockets.delete(socket));
  }
}
