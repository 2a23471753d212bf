/** RPC wire messages (compact arrays, tagged by their first element). */
import type { SerializedError } from '../common/errors.js';

export const enum RpcTag {
  REQUEST = 0,
  RESPONSE = 1,
  FAILURE = 2,
}

/** [tag, callId, endpointId, method, args, fencingToken] */
export type RpcRequest = [RpcTag.REQUEST, number, string, string, unknown[], string | null];
/** [tag, callId, result] */
export type RpcResponse = [RpcTag.RESPONSE, number, unknown];
/** [tag, callId, error] */
export type RpcFailure = [RpcTag.FAILURE, number, SerializedError];
export type RpcMessage = RpcRequest | RpcResponse | RpcFailure;
