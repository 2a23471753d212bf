import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { request, type IncomingMessage } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { startHarness, type Harness } from './test-fixtures.js';

describe('an upload over web.upload.max-size', () => {
  let h: Harness;
  let port: number;
  before(async () => {
    h = await startHarness({ config: { 'web.upload.max-size': '4 kb' } });
    port = await h.server.listen('127.0.0.1', 0);
  });
  after(() => h.close());

  test('is answered 413 as soon as the file passes the limit, and the connection is closed', { timeout: 20_000 }, async () => {
    const boundary = 'limit-test';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="jarfile"; filename="big.jar"\r\nContent-Type: application/octet-stream\r\n\r\n`;
    // Announces a 1 MiB file but sends only 8 KiB of it: a server that waited for the rest
    // of the part before answering would never answer.
    const req = request({
      host: '127.0.0.1', port, path: '/jars/upload', method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + 2 ** 20 + 100 },
    });
    req.on('error', () => {}); // the server closing the connection while the request is unfinished
    try {
      const answered = new Promise<IncomingMessage>((resolve) => req.on('response', resolve));
      req.write(head);
      req.write(Buffer.alloc(8192));
      const res = await answered;
      const body = await new Promise<string>((resolve) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d)).on('end', () => resolve(text));
      });
      assert.equal(res.statusCode, 413);
      assert.match(body, /web\.upload\.max-size \(4096 bytes\)/);
      assert.equal(res.headers.connection, 'close');
      await new Promise((resolve) => req.socket!.destroyed ? resolve(undefined) : req.socket!.once('close', resolve));
      assert.deepEqual(await readdir(h.uploadDir), []);
    } finally {
      req.destroy(); // so that a failure does not leave the server waiting for the rest
    }
  });
});
