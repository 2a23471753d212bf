/**
 * The server side of the data plane: listens on the TaskManager's data port and accepts the
 * connections peers open to send it batches and credits (one per peer TaskManager and job).
 */
import { createServer, type Server } from 'node:net';
import { listenTcp } from '../../common/listen-tcp.js';
import type { Logger } from '../../common/log.js';
import type { DataPlaneListener } from './data-plane-listener.js';
import { InboundConnection } from './inbound-connection.js';

/** A peer TaskManager sends its HELLO as the first bytes of a connection: 10 s is ample. */
export const HELLO_TIMEOUT_MS = 10_000;

export class DataConnectionServer {
  private server?: Server;
  private readonly connections = new Map<number, InboundConnection>();
  private nextVia = 1;

  /** `helloTimeoutMs`: how long a new connection may take to send its HELLO before it is closed. */
  constructor(private readonly listener: DataPlaneListener, private readonly log: Logger, private readonly helloTimeoutMs = HELLO_TIMEOUT_MS) {}

  /** Starts listening; resolves with the bound port. */
  async listen(host: string, port: number): Promise<number> {
    const server = createServer((socket) => {
      const via = this.nextVia++;
      this.connections.set(via, new InboundConnection(via, socket, this.listener, this.log, () => this.connections.delete(via), this.helloTimeoutMs));
    });
    this.server = server;
    return listenTcp(server, host, port);
  }

  /** Closes inbound connection `via` for bad input found past the decoder (see `InboundConnection.fail`). */
  fail(via: number, reason: string): void {
    this.connections.get(via)?.fail(reason);
  }

  /** Stops accepting and closes every connection. */
  async close(): Promise<void> {
    for (const c of this.connections.values()) c.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
