/**
 * The RPC server of a process: one TCP port hosting many endpoints (Dispatcher, ResourceManager,
 * JobMasters, TaskExecutor), each addressed by id. Fenced endpoints reject calls whose fencing
 * token is not their current one.
 */
import type { Socket } from 'node:net';
import { ErrorCode, SluiceError, serializeError } from '../common/errors.js';
import { encodeFrame } from './frame-codec.js';
import { FrameServer } from './frame-server.js';
import { RpcTag, type RpcMessage } from './messages.js';

/** An object whose methods are callable remotely. */
export type RpcEndpoint = object;

interface Registration {
  endpoint: RpcEndpoint;
  /** Current fencing token, or undefined for unfenced endpoints. */
  fencingToken?: () => string | undefined;
}

/** Hosts endpoints on a TCP port. */
export class RpcServer {
  private readonly endpoints = new Map<string, Registration>();
  private readonly frames = new FrameServer((socket, msg) => void this.handle(socket, msg as RpcMessage));

  /** Makes `endpoint`'s methods callable as `endpointId`. */
  registerEndpoint(endpointId: string, endpoint: RpcEndpoint, fencingToken?: () => string | undefined): void {
    this.endpoints.set(endpointId, { endpoint, fencingToken });
  }

  unregisterEndpoint(endpointId: string): void {
    this.endpoints.delete(endpointId);
  }

  /** Starts listening; resolves with the bound port. */
  listen(host: string, port: number): Promise<number> {
    return this.frames.listen(host, port);
  }

  /** Stops accepting and closes every connection. */
  close(): Promise<void> {
    return this.frames.close();
  }

  private async handle(socket: Socket, msg: RpcMessage): Promise<void> {
    if (!Array.isArray(msg) || msg[0] !== RpcTag.REQUEST) return;
    const [, callId, endpointId, method, args, token] = msg;
    let reply: RpcMessage;
    try {
      const result = await this.invoke(endpointId, method, args, token);
      reply = [RpcTag.RESPONSE, callId, result];
    } catch (err) {
      reply = [RpcTag.FAILURE, callId, serializeError(err)];
    }
    if (!socket.destroyed) socket.write(encodeFrame(reply));
  }

  private async invoke(endpointId: string, method: string, args: unknown[], token: string | null): Promise<unknown> {
    const reg = this.endpoints.get(endpointId);
    if (!reg) throw new SluiceError(ErrorCode.RPC_UNKNOWN_ENDPOINT, `No RPC endpoint '${endpointId}' here`, { kind: 'external' });
    const expected = reg.fencingToken?.();
    if (reg.fencingToken && (expected === undefined || token !== expected)) {
      throw new SluiceError(ErrorCode.FENCING_TOKEN_MISMATCH, `Fencing token mismatch for '${endpointId}': the caller talks to a stale leader`, { kind: 'external' });
    }
    const fn = (reg.endpoint as Record<string, unknown>)[method];
    if (typeof fn !== 'function' || method.startsWith('_') || method === 'constructor') {
      throw new SluiceError(ErrorCode.RPC_UNKNOWN_METHOD, `Endpoint '${endpointId}' has no RPC method '${method}'`, { kind: 'external' });
    }
    return await (fn as (...a: unknown[]) => unknown).apply(reg.endpoint, args);
  }
}
