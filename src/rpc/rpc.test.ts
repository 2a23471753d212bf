import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode, SluiceError } from '../common/errors.js';
import { remoteGateway } from './gateway-proxy.js';
import { RpcClient } from './rpc-client.js';
import { RpcServer } from './rpc-server.js';

interface Echo {
  echo(value: unknown): Promise<unknown>;
  fail(): Promise<void>;
}

const server = new RpcServer();
const client = new RpcClient(2000);
const endpoint = {
  async echo(value: unknown) {
    return value;
  },
  async fail(): Promise<void> {
    throw SluiceError.user(ErrorCode.JOB_NOT_FOUND, 'no such job');
  },
};
server.registerEndpoint('plain', endpoint);
server.registerEndpoint('fenced', endpoint, () => 'token-1');
const port = await server.listen('127.0.0.1', 0);
const address = { host: '127.0.0.1', port };

after(async () => {
  client.close();
  await server.close();
});

test('a remote gateway calls methods and returns plain data, binary included', async () => {
  const gw = remoteGateway<Echo>(client, { address, endpointId: 'plain' });
  const value = { a: [1, 'x', null], bytes: new Uint8Array([1, 2, 3]) };
  assert.deepEqual(await gw.echo(value), { a: [1, 'x', null], bytes: Buffer.from([1, 2, 3]) });
});

test('errors keep their code across the wire', async () => {
  const gw = remoteGateway<Echo>(client, { address, endpointId: 'plain' });
  await assert.rejects(gw.fail(), (err: SluiceError) => err.code === ErrorCode.JOB_NOT_FOUND && err.message === 'no such job');
});

test('fenced endpoints reject a stale token', async () => {
  await assert.rejects(remoteGateway<Echo>(client, { address, endpointId: 'fenced' }, 'token-0').echo(1), (err: SluiceError) => err.code === ErrorCode.FENCING_TOKEN_MISMATCH);
  assert.equal(await remoteGateway<Echo>(client, { address, endpointId: 'fenced' }, 'token-1').echo(1), 1);
});

test('unknown endpoints and methods are named in the error', async () => {
  await assert.rejects(remoteGateway<Echo>(client, { address, endpointId: 'nope' }).echo(1), (err: SluiceError) => err.code === ErrorCode.RPC_UNKNOWN_ENDPOINT);
  const gw = remoteGateway<{ missing(): Promise<void> }>(client, { address, endpointId: 'plain' });
  await assert.rejects(gw.missing(), (err: SluiceError) => err.code === ErrorCode.RPC_UNKNOWN_METHOD && /missing/.test(err.message));
});

test('an unreachable address fails with a retryable RPC_UNREACHABLE', async () => {
  const closed = new RpcServer();
  const p = await closed.listen('127.0.0.1', 0);
  await closed.close();
  const gw = remoteGateway<Echo>(client, { address: { host: '127.0.0.1', port: p }, endpointId: 'plain' });
  await assert.rejects(gw.echo(1), (err: SluiceError) => err.code === ErrorCode.RPC_UNREACHABLE && err.retryable);
});
