/** Remote gateways: a Proxy that turns method calls into RPCs to one endpoint. */
import type { RpcEndpointAddress } from '../protocol/gateways.js';
import type { RpcClient } from './rpc-client.js';

/**
 * A gateway of type `G` for the endpoint at `target`. Every method call becomes an RPC carrying
 * `fencingToken` (for fenced endpoints such as the ResourceManager and JobMasters).
 */
export function remoteGateway<G extends object>(client: RpcClient, target: RpcEndpointAddress, fencingToken?: string): G {
  return new Proxy({} as G, {
    get(_obj, prop) {
      // A Proxy must not look like a thenable, or `await gateway` would try to call `then`.
      if (typeof prop !== 'string' || prop === 'then') return undefined;
      return (...args: unknown[]) => client.invoke(target.address, target.endpointId, prop, args, fencingToken);
    },
  });
}
