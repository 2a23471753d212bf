/** The synchronous RocksDB store: byte keys kept exactly, reads of one's own writes, scans in key order, destroy. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RocksDBStore } from './rocksdb-store.js';

test('keys are bytes (0x80 and above included); writes are read back at once; a scan is in key order', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'sluice-rocksdb-store-'));
  const store = await RocksDBStore.open(directory);
  const key = (...bytes: number[]): Buffer => Buffer.from(bytes);
  store.put(key(0x00, 0x80), Buffer.from('a'));
  store.put(key(0x00, 0xc3), Buffer.from('b'));
  assert.equal(store.get(key(0x00, 0x80))?.toString(), 'a', 'not merged with another key by a text encoding');
  store.write((batch) => {
    batch.put(key(0x00, 0x01), Buffer.from('c'));
    batch.delete(key(0x00, 0xc3));
  });
  store.delete(key(0x00, 0x80));
  store.put(key(0xff), Buffer.from('d'));
  assert.equal(store.get(key(0x00, 0xc3)), undefined);
  const scan = (): string[] => Array.from(store.entries(), ([k, v]) => `${k.toString('hex')}=${v.toString()}`);
  assert.deepEqual(scan(), ['0001=c', 'ff=d']);
  const partial = store.entries();
  partial.next();
  partial.return(undefined);
  assert.deepEqual(scan(), ['0001=c', 'ff=d'], 'an abandoned scan closes its iterator');
  await store.destroy();
  assert.equal(existsSync(directory), false, 'destroy deletes the directory');
});
