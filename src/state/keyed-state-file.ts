/**
 * A keyed state file: a keyed backend's snapshot streamed to disk next to the subtask's state file
 * (Flink's KeyGroupsStateHandle), so state larger than the heap is checkpointed in bounded
 * chunks. It holds what KeyedStateSnapshot.keyGroups holds, as frames after a 4-byte magic: each
 * frame is `[payload length: u32][key group: u16][payload]`, the payload being msgpack of one
 * key group's `[state name, entries][]` (a large key group spans several frames, in order).
 * The key group in the frame header lets a reader skip the groups outside its range undecoded.
 * A *delta* file of an incremental checkpoint has the same form: the entries that changed since
 * the files before it in its chain, and per state the keys deleted since (`[name, entries,
 * deleted keys]`); a restore applies the chain in order.
 */
import { createHash, type Hash } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { SHARED_STATE_DIRECTORY } from '../protocol/checkpoints.js';
import { Packr } from 'msgpackr';
import { ErrorCode, SluiceError, errorMessage } from '../common/errors.js';
import type { KeyGroupRange } from '../common/key-group-range.js';
import type { KeyedEntries } from './keyed-state-snapshot.js';

const MAGIC = Buffer.from('SKS1');
const FRAME_HEADER = 6;
/** A frame ends after this many entries or value bytes: what a writer or reader holds at once. */
const FRAME_ENTRIES = 4096;
const FRAME_BYTES = 1 << 20;

// As the subtask state file's (task-state-file.ts): records, Maps kept apart from objects, Sets kept.
const packr = new Packr({ mapsAsObjects: false, moreTypes: true });

/**
 * A keyed state file as a snapshot names it: `path` relative to the directory of the subtask's
 * state file while written there (a snapshot directory is relocatable), absolute once a restore
 * resolved it; its size and sha256 are checked while it is read back.
 */
export interface KeyedStateFileRef {
  path: string;
  size: number;
  sha256: string;
  /** A delta of an incremental chain: its entries replace those of the files before it, and it deletes keys. */
  delta?: true;
}

/** Where a backend streams its snapshot: a file `name` in `directory` (created if missing). */
export interface KeyedSnapshotTarget {
  directory: string;
  name: string;
  /**
   * Set at a checkpoint, never at a savepoint (always full and self-contained): an incremental
   * backend may write into the job's shared `directory` instead (files named after
   * `checkpointId`) and name files it wrote there at earlier checkpoints; `full` (a FULL
   * checkpoint) makes it write a new full base there.
   */
  shared?: { directory: string; checkpointId: number; full?: boolean };
}

/** One state's entries in a frame; a delta file's frames add the keys deleted. */
export type ChunkState = [name: string, entries: KeyedEntries, deleted?: unknown[]];

/** One key group's entries (or part of them) as a frame holds them. */
export type KeyGroupChunk = [keyGroup: number, states: ChunkState[]];

/**
 * Writes a keyed state file synchronously, one frame at a time: entries are added in key group
 * order, each state's entries of a key group together.
 */
export class KeyedStateFileWriter {
  private readonly fd: number;
  private readonly hash: Hash = createHash('sha256');
  private size = 0;
  private keyGroup = -1;
  private states: ChunkState[] = [];
  private state: ChunkState | undefined;
  private count = 0;
  private bytes = 0;

  /** `delta`: the file is a delta of an incremental chain (see addTombstone). */
  constructor(private readonly target: KeyedSnapshotTarget, private readonly delta = false) {
    mkdirSync(target.directory, { recursive: true });
    this.fd = openSync(resolve(target.directory, target.name), 'w');
    this.write(MAGIC);
  }

  /** Adds one entry; `valueBytes` is its stored size, which bounds a frame. */
  add(keyGroup: number, stateName: string, key: unknown, value: unknown, valueBytes: number): void {
    this.stateOf(keyGroup, stateName)[1].push([key, value]);
    this.bytes += valueBytes;
  }

  /** Records that `key` was deleted from a state (a delta file's). */
  addTombstone(keyGroup: number, stateName: string, key: unknown): void {
    (this.stateOf(keyGroup, stateName)[2] ??= []).push(key);
  }

  private stateOf(keyGroup: number, stateName: string): ChunkState {
    if (keyGroup !== this.keyGroup || this.count >= FRAME_ENTRIES || this.bytes >= FRAME_BYTES) {
      this.flush();
      this.keyGroup = keyGroup;
    }
    if (stateName !== this.state?.[0]) this.states.push((this.state = [stateName, []]));
    this.count++;
    return this.state;
  }

  /** Writes the last frame and closes the file; its reference names it relative to its directory. */
  finish(): KeyedStateFileRef {
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
    }
    return { path: this.target.name, size: this.size, sha256: this.hash.digest('hex'), ...(this.delta && { delta: true }) };
  }

  /** Closes the file after a failure (the half-written file goes with its checkpoint directory). */
  abort(): void {
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.count === 0) return;
    const payload = packr.pack(this.states);
    const header = Buffer.allocUnsafe(FRAME_HEADER);
    header.writeUInt32BE(payload.byteLength, 0);
    header.writeUInt16BE(this.keyGroup, 4);
    this.write(header);
    this.write(payload);
    this.states = [];
    this.state = undefined;
    this.count = 0;
    this.bytes = 0;
  }

  private write(bytes: Uint8Array): void {
    this.hash.update(bytes);
    for (let written = 0; written < bytes.byteLength; ) written += writeSync(this.fd, bytes, written);
    this.size += bytes.byteLength;
  }
}

/**
 * The chunks of the key groups in `range` from the file of `ref` (an absolute path), read
 * synchronously one frame at a time. The file must have the recorded size; its sha256 is checked
 * once the whole file was read, so a damaged file throws CHECKPOINT_CORRUPT naming it, at the
 * latest after its last chunk.
 */
export function* readKeyedStateFile(ref: KeyedStateFileRef, range: KeyGroupRange): Generator<KeyGroupChunk> {
  const corrupt = (what: string, cause?: unknown): SluiceError =>
    new SluiceError(ErrorCode.CHECKPOINT_CORRUPT, `Cannot restore from keyed state file ${ref.path}: ${what}`, { kind: 'external', cause });
  let fd: number;
  try {
    fd = openSync(ref.path, 'r');
  } catch (err) {
    throw corrupt(errorMessage(err), err);
  }
  try {
    const size = fstatSync(fd).size;
    if (size !== ref.size) throw corrupt(`it has ${size} bytes, the checkpoint recorded ${ref.size}`);
    const hash = createHash('sha256');
    let position = 0;
    const read = (length: number): Buffer => {
      if (position + length > size) throw corrupt(`it ends inside a frame at byte ${position}`);
      const bytes = Buffer.allocUnsafe(length);
      for (let got = 0; got < length; ) got += readSync(fd, bytes, got, length - got, position + got);
      position += length;
      hash.update(bytes);
      return bytes;
    };
    if (!read(MAGIC.length).equals(MAGIC)) throw corrupt('it is not a keyed state file');
    while (position < size) {
      const header = read(FRAME_HEADER);
      const keyGroup = header.readUInt16BE(4);
      const payload = read(header.readUInt32BE(0));
      if (keyGroup < range.start || keyGroup > range.end) continue;
      let states: KeyGroupChunk[1];
      try {
        states = packr.unpack(payload) as KeyGroupChunk[1];
      } catch (err) {
        throw corrupt(`a frame of key group ${keyGroup} does not decode: ${errorMessage(err)}`, err);
      }
      yield [keyGroup, states];
    }
    if (hash.digest('hex') !== ref.sha256) throw corrupt(`its sha256 is not the one the checkpoint recorded`);
  } finally {
    closeSync(fd);
  }
}

/**
 * `ref` with its path resolved against `directory` (that of the subtask state file naming it).
 * A reference that is absolute or leads out of the directory is CHECKPOINT_CORRUPT: a snapshot
 * holds its files itself, but for an incremental checkpoint's files in the job's shared directory
 * beside it (`../shared/<file>`; the JobManager refuses those in a savepoint's `_metadata`).
 */
export function resolveKeyedStateFile(ref: KeyedStateFileRef, directory: string): KeyedStateFileRef {
  const path = resolve(directory, ref.path);
  const parent = dirname(path);
  if (isAbsolute(ref.path) || (parent !== resolve(directory) && parent !== resolve(directory, '..', SHARED_STATE_DIRECTORY))) {
    throw new SluiceError(ErrorCode.CHECKPOINT_CORRUPT, `A state file in ${directory} names a keyed state file outside its directory: ${ref.path}`, { kind: 'external' });
  }
  return { ...ref, path };
}
