/**
 * The RPC client of a process: one TCP connection per remote address, calls multiplexed over it
 * by call id, each with a timeout. A dropped connection fails its pending calls with a
 * retryable RPC_UNREACHABLE and is re-opened by the next call.
 */
import { connect, type Socket } from 'node:net';
import { deserializeError, ErrorCode, SluiceError } from '../common/errors.js';
import type { Address } from '../protocol/deployment.js';
import { encodeFrame, FrameDecoder } from './frame-codec.js';
import { RpcTag, type RpcMessage } from './messages.js';

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

class Connection {
  private readonly pending = new Map<number, Pending>();
  private nextCallId = 1;
  private readonly ready: Promise<void>;
  closed = false;

  constructor(private readonly socket: Socket, private readonly label: string, onClose: () => void) {
    socket.setNoDelay(true);
    const decoder = new FrameDecoder((msg) => this.receive(msg as RpcMessage));
    this.ready = new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    this.ready.catch(() => undefined);
    socket.on('data', (chunk) => {
      try {
        decoder.push(chunk);
      } catch {
        socket.destroy();
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.closed = true;
      onClose();
      this.failAll(`Connection to ${label} closed`);
    });
  }

  async call(endpointId: string, method: string, args: unknown[], token: string | null, timeoutMs: number): Promise<unknown> {
    try {
      await this.ready;
    } catch (err) {
      throw new SluiceError(ErrorCode.RPC_UNREACHABLE, `Cannot reach ${this.label}: ${(err as Error).message}`, { kind: 'external', retryable: true });
    }
    const callId = this.nextCallId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(callId);
        reject(new SluiceError(ErrorCode.RPC_TIMEOUT, `RPC ${endpointId}.${method} to ${this.label} timed out after ${timeoutMs} ms`, { kind: 'external', retryable: true }));
      }, timeoutMs);
      this.pending.set(callId, { resolve, reject, timer });
      this.socket.write(encodeFrame([RpcTag.REQUEST, callId, endpointId, method, args, token]));
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(msg: RpcMessage): void {
    if (!Array.isArray(msg) || msg[0] === RpcTag.REQUEST) return;
    const p = this.pending.get(msg[1]);
    if (!p) return;
    this.pending.delete(msg[1]);
    clearTimeout(p.timer);
    if (msg[0] === RpcTag.RESPONSE) p.resolve(msg[2]);
    else p.reject(deserializeError(msg[2]));
  }

  private failAll(reason: string): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new SluiceError(ErrorCode.RPC_UNREACHABLE, reason, { kind: 'external', retryable: true }));
    }
    this.pending.clear();
  }
}

/** Calls endpoints in other processes. */
export class RpcClient {
  private readonly connections = new Map<string, Connection>();
  private readonly closeListeners = new Set<(address: Address) => void>();

  constructor(private readonly timeoutMs = 10_000) {}

  /** Invokes `endpointId.method(...args)` at `address`. */
  invoke(address: Address, endpointId: string, method: string, args: unknown[], fencingToken?: string): Promise<unknown> {
    return this.connection(address).call(endpointId, method, args, fencingToken ?? null, this.timeoutMs);
  }

  /**
   * Calls `listener` whenever a connection this client opened closes (the peer died, or the
   * network dropped it): a hint to check on that peer now rather than at its next heartbeat.
   * Returns the unsubscribe function.
   */
  onConnectionClosed(listener: (address: Address) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /** Drops the connection to an address (the next call reconnects). */
  disconnect(address: Address): void {
    this.connections.get(key(address))?.close();
  }

  /** Closes every connection. */
  close(): void {
    for (const c of this.connections.values()) c.close();
    this.connections.clear();
  }

  private connection(address: Address): Connection {
    const k = key(address);
    const existing = this.connections.get(k);
    if (existing && !existing.closed) return existing;
    const socket = connect({ host: address.host, port: address.port });
    const conn = new Connection(socket, k, () => {
      if (this.connections.get(k) === conn) this.connections.delete(k);
      for (const listener of this.closeListeners) listener(address);
    });
    this.connections.set(k, conn);
    return conn;
  }
}

function key(a: Address): string {
  return `${a.host}:${a.port}`;
}
