import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test } from 'node:test';
import { silentLogger, type Logger } from '../../common/log.js';
import { DataConnectionServer } from './data-connection-server.js';

test('a connection that never sends its HELLO is closed after the timeout, with a warning naming the peer', async () => {
  const warnings: string[] = [];
  const log = Object.assign(Object.create(silentLogger()) as Logger, { warn: (_fields: unknown, msg: string) => void warnings.push(msg) });
  const server = new DataConnectionServer({ onMessage: () => assert.fail('no message'), onPeerLost: () => assert.fail('no job to tell') }, log, 200);
  const port = await server.listen('127.0.0.1', 0);
  try {
    const socket = connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const local = `${socket.localAddress}:${socket.localPort}`;
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    assert.deepEqual(warnings, [`Closed the data connection from ${local}: no HELLO frame within 200 ms`]);
  } finally {
    await server.close();
  }
});
