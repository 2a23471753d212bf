/**
 * An embedded RocksDB database in a local directory, with the synchronous reads, writes and scans
 * keyed state needs (states are read and written while a record is processed, without awaiting).
 * It wraps @nxtedition/rocksdb (docs/dependencies.md says why that binding): its abstract-level
 * surface is asynchronous, but the native calls underneath (multi-get, write batch, iterator
 * batches) are synchronous; this file is the one place that reaches them, so a change of the
 * binding's internals shows up here and in rocksdb-store.test.ts.
 */
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { ErrorCode, SluiceError } from '../common/errors.js';

/** The parts of the binding's RocksLevel this file uses (the package ships no typings). */
interface RocksLevel {
  open(options: object): Promise<void>;
  close(): Promise<void>;
  batch(): NativeBatch;
  iterator(options: object): NativeIterator;
  _getManySync(keys: Buffer[], options: object): (Buffer | undefined)[];
}

interface NativeBatch {
  _put(key: Buffer, value: Buffer, options: object): void;
  _del(key: Buffer, options: object): void;
  _writeSync(options: object): void;
  _clear(): void;
  _closeSync(): void;
}

interface NativeIterator {
  /** `rows` alternates keys and values. */
  _nextvSync(size: number, options: object): { rows: Buffer[]; finished: boolean };
  _closeSync(): void;
}

const NO_OPTIONS = {};
/**
 * Writes wait in a JS map up to this many keys and then go down as one batch: a RocksDB write
 * costs about as much for one entry as for dozens (docs/dependencies.md), and a key updated again
 * before the flush is written once.
 */
const WRITE_BUFFER_KEYS = 1024;
/** Byte keys and values: the binding's default utf8 encoding would mangle bytes above 0x7f. */
const BUFFERS = { keyEncoding: 'buffer', valueEncoding: 'buffer' } as const;
const SCAN_BATCH = 1024;
const OPEN_OPTIONS = { createIfMissing: true };

/** A write batch: puts and deletes applied together by `RocksDBStore.write`. */
export interface WriteBatch {
  put(key: Buffer, value: Buffer): void;
  delete(key: Buffer): void;
}

export class RocksDBStore {
  /** Buffered writes by key (bytes as latin1, one char a byte): a value, or null for a delete. */
  private readonly pending = new Map<string, Buffer | null>();

  /** Keys (latin1) written or deleted since `takeChanges`, while tracked (an incremental backend's). */
  private changes: Set<string> | undefined;

  private constructor(private readonly db: RocksLevel, readonly directory: string) {}

  /**
   * Starts a new record of the keys written or deleted from now on and returns the previous one
   * (empty on the first call): an incremental snapshot writes the entries of these keys only.
   */
  takeChanges(): Set<string> {
    const changes = this.changes ?? new Set<string>();
    this.changes = new Set();
    return changes;
  }

  /** Opens (creating it) the database in `directory`, which nothing else may use. */
  static async open(directory: string): Promise<RocksDBStore> {
    const db = new (loadBinding())(directory, BUFFERS);
    await db.open(OPEN_OPTIONS);
    return new RocksDBStore(db, directory);
  }

  get(key: Buffer): Buffer | undefined {
    const pending = this.pending.get(key.toString('latin1'));
    if (pending !== undefined) return pending ?? undefined;
    return this.db._getManySync([key], NO_OPTIONS)[0];
  }

  /** Copies `key` and `value`: callers may reuse their buffers. */
  put(key: Buffer, value: Buffer): void {
    this.buffer(key, Buffer.from(value));
  }

  delete(key: Buffer): void {
    this.buffer(key, null);
  }

  /** Applies what `fill` adds to a batch, atomically (after the buffered writes). */
  write(fill: (batch: WriteBatch) => void): void {
    this.flush();
    const batch = this.db.batch();
    try {
      fill({
        put: (key, value) => {
          this.changes?.add(key.toString('latin1'));
          batch._put(key, value, NO_OPTIONS);
        },
        delete: (key) => {
          this.changes?.add(key.toString('latin1'));
          batch._del(key, NO_OPTIONS);
        },
      });
      batch._writeSync(NO_OPTIONS);
    } finally {
      batch._closeSync();
    }
  }

  /**
   * Every entry in key order, or those whose key starts with `prefix`, as of the call (a RocksDB
   * iterator reads one consistent snapshot).
   */
  *entries(prefix?: Buffer): Generator<[key: Buffer, value: Buffer]> {
    this.flush();
    const iterator = this.db.iterator(prefix === undefined ? BUFFERS : { ...BUFFERS, gte: prefix, ...upperBound(prefix) });
    try {
      for (;;) {
        const { rows, finished } = iterator._nextvSync(SCAN_BATCH, NO_OPTIONS);
        for (let i = 0; i < rows.length; i += 2) yield [rows[i]!, rows[i + 1]!];
        if (finished) return;
      }
    } finally {
      iterator._closeSync();
    }
  }

  /** Closes the database and deletes its directory. */
  async destroy(): Promise<void> {
    this.pending.clear();
    await this.db.close();
    await rm(this.directory, { recursive: true, force: true });
  }

  private buffer(key: Buffer, value: Buffer | null): void {
    const latin1 = key.toString('latin1');
    this.pending.set(latin1, value);
    this.changes?.add(latin1);
    if (this.pending.size >= WRITE_BUFFER_KEYS) this.flush();
  }

  /** Writes the buffered writes as one batch. */
  private flush(): void {
    if (this.pending.size === 0) return;
    const batch = this.db.batch();
    try {
      for (const [key, value] of this.pending) {
        if (value === null) batch._del(Buffer.from(key, 'latin1'), NO_OPTIONS);
        else batch._put(Buffer.from(key, 'latin1'), value, NO_OPTIONS);
      }
      batch._writeSync(NO_OPTIONS);
    } finally {
      batch._closeSync();
    }
    this.pending.clear();
  }
}

/** The bound below which every key starting with `prefix` lies (none when it is all 0xff). */
function upperBound(prefix: Buffer): { lt?: Buffer } {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i]!++;
      return { lt: end.subarray(0, i + 1) };
    }
  }
  return {};
}

let binding: (new (location: string, options: object) => RocksLevel) | undefined;

/**
 * The binding, loaded on first use: only jobs that chose `state.backend.type: rocksdb` need the
 * native library, so the other backends run where it has no prebuilt binary.
 */
function loadBinding(): new (location: string, options: object) => RocksLevel {
  if (binding !== undefined) return binding;
  try {
    binding = (createRequire(import.meta.url)('@nxtedition/rocksdb') as { RocksLevel: typeof binding }).RocksLevel!;
  } catch (err) {
    throw new SluiceError(ErrorCode.INVALID_CONFIG, `state.backend.type 'rocksdb' needs the npm package @nxtedition/rocksdb, which does not load here: ${(err as Error).message}`, { kind: 'external', cause: err });
  }
  return binding;
}
