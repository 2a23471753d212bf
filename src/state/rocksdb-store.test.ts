/** The synchronous RocksDB store: byte keys kept exactly, reads of one's own writes, scans in key order, changed keys, destroy. */
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

test('changed keys are recorded from the first takeChanges on: puts, deletes and batch writes, each key once', async () => {
  const store = await RocksDBStore.open(mkdtempSync(join(tmpdir(), 'sluice-rocksdb-store-')));
  const key = (...bytes: number[]): Buffer => Buffer.from(bytes);
  store.put(key(1), Buffer.from('not tracked yet'));
  assert.deepEqual([...store.takeChanges()], []);
  store.put(key(2), Buffer.from('a'));
  store.put(key(2), Buffer.from('b'));
  store.delete(key(1));
  store.write((batch) => batch.put(key(0xfe), Buffer.from('c')));
  const hex = (changes: Set<string>): string[] => [...changes].map((k) => Buffer.from(k, 'latin1').toString('hex')).sort();
  assert.deepEqual(hex(store.takeChanges()), ['01', '02', 'fe']);
  assert.deepEqual(hex(store.takeChanges()), [], 'each call starts a new record');
  await store.destroy();
});
