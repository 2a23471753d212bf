/** socketTextStream at run time, against a local TCP server. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { runSocketSource } from './socket-source.js';
import type { SourceContext } from './sources.js';

/** A server on a free port that hands each connection to `serve`. */
async function server(serve: (socket: Socket) => void): Promise<{ port: number; server: Server }> {
  const s = createServer(serve);
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return { port: (s.address() as { port: number }).port, server: s };
}

function context(out: unknown[], pause: () => Promise<boolean> = async () => true): SourceContext {
  // A socket cannot replay what it sent (at-most-once): it must never register a position.
  return { output: { collect: (r) => out.push(r) }, subtaskIndex: 0, parallelism: 1, pause, splits: [{ index: 0, parallelism: 1 }], setPositionProvider: () => assert.fail('the socket source registered a position') };
}

const spec = (port: number, delimiter = '\n') => ({ type: 'socket' as const, hostname: '127.0.0.1', port, delimiter });

test('emits the lines the peer sends, split across writes, and ends when it closes', async () => {
  const euro = Buffer.from('€');
  const { port, server: s } = await server((socket) => {
    // A line cut inside a word and inside a multi-byte character, CRLF line ends, a last line without delimiter.
    const parts = [Buffer.from('hello wo'), Buffer.from('rld\r\nprice: 5'), euro.subarray(0, 1), Buffer.concat([euro.subarray(1), Buffer.from('\n\nlast')])];
    let i = 0;
    const next = (): void => {
      if (i === parts.length) return void socket.end();
      socket.write(parts[i++]!, () => setTimeout(next, 5));
    };
    next();
  });
  try {
    const out: string[] = [];
    await runSocketSource(spec(port), context(out));
    assert.deepEqual(out, ['hello world', 'price: 5€', '', 'last']);
  } finally {
    s.close();
  }
});

test('a custom delimiter, also when it is cut between two writes', async () => {
  const { port, server: s } = await server((socket) => {
    socket.write('a||b|');
    setTimeout(() => socket.end('|c||'), 20);
  });
  try {
    const out: string[] = [];
    await runSocketSource(spec(port, '||'), context(out));
    assert.deepEqual(out, ['a', 'b', 'c']);
  } finally {
    s.close();
  }
});

test('an idle connection is left as soon as pause() says stop', async () => {
  let peer: Socket | undefined;
  const { port, server: s } = await server((socket) => {
    peer = socket;
    socket.write('one\n');
  });
  try {
    const out: string[] = [];
    let stop = false;
    const run = runSocketSource(spec(port), context(out, async () => !stop));
    while (out.length === 0) await new Promise((r) => setTimeout(r, 5));
    stop = true;
    await run;
    assert.deepEqual(out, ['one']);
    await new Promise<void>((resolve) => (peer!.destroyed ? resolve() : peer!.on('close', () => resolve())));
  } finally {
    s.close();
  }
});

test('a refused connection fails with the address', async () => {
  const { port, server: s } = await server(() => undefined);
  await new Promise<void>((resolve) => s.close(() => resolve()));
  await assert.rejects(runSocketSource(spec(port), context([])), { code: 'TASK_FAILED', message: new RegExp(`Socket Stream failed connecting to 127.0.0.1:${port}`) });
});
