/**
 * The FileSink's writer and committer. A writer keeps one open part per bucket; text is gathered
 * in memory and written with one system call per 64 KiB. Rolling a part writes it out, syncs it to
 * disk and closes it: it is then pending, a committable that the committer renames to its visible
 * name once the checkpoint that took it has completed.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { BucketAssignerContext } from './bucket-assigners.js';
import type { FileSinkConfig } from './file-sink-config.js';
import type { PartFileInfo } from './rolling-policies.js';
import type { CommitRequest, Committer, CommittingSinkWriter, StatefulSinkWriter } from './sink-v2.js';

/** A closed part file waiting under its hidden name for its checkpoint to complete. */
export interface FileSinkCommittable {
  pendingPath: string;
  finalPath: string;
}

/** A writer's state in a checkpoint: the id in its part names, its subtask, and its next part number. */
export interface FileWriterState {
  uid: string;
  subtask: number;
  nextPart: number;
}

/** Gathered text is written out once it reaches this many characters. */
const WRITE_CHUNK = 64 * 1024;
const IN_PROGRESS = '.inprogress';

/** A fresh writer id for part names. */
export function newWriterUid(): string {
  return randomUUID();
}

function finalName<IN>(config: FileSinkConfig<IN>, state: Pick<FileWriterState, 'uid' | 'subtask'>, part: number): string {
  const { partPrefix, partSuffix } = config.outputFileConfig;
  return `${partPrefix}-${state.uid}-${state.subtask}-${part}${partSuffix}`;
}

/** One open part file of a bucket. */
class OpenPart implements PartFileInfo {
  private chunks: string[] = [];
  private buffered = 0;
  private written = 0;
  lastUpdateTime: number;

  constructor(readonly bucketId: string, readonly fd: number, readonly committable: FileSinkCommittable, readonly creationTime: number) {
    this.lastUpdateTime = creationTime;
  }

  getBucketId(): string {
    return this.bucketId;
  }

  getCreationTime(): number {
    return this.creationTime;
  }

  getLastUpdateTime(): number {
    return this.lastUpdateTime;
  }

  /** Bytes written plus characters gathered (bytes for ASCII text). */
  getSize(): number {
    return this.written + this.buffered;
  }

  append(text: string, now: number): void {
    this.chunks.push(text);
    this.buffered += text.length;
    this.lastUpdateTime = now;
    if (this.buffered >= WRITE_CHUNK) this.writeOut();
  }

  writeOut(): void {
    if (this.buffered === 0) return;
    this.written += writeSync(this.fd, this.chunks.join(''));
    this.chunks = [];
    this.buffered = 0;
  }

  /** Writes out, syncs and closes: the part is complete on disk. */
  seal(): FileSinkCommittable {
    this.writeOut();
    fsyncSync(this.fd);
    closeSync(this.fd);
    return this.committable;
  }
}

export class FileWriter<IN> implements CommittingSinkWriter<IN, FileSinkCommittable>, StatefulSinkWriter<IN, FileWriterState> {
  private readonly parts = new Map<string, OpenPart>();
  private pending: FileSinkCommittable[] = [];
  /** The assigner's context, one object for every record. */
  private readonly clock: BucketAssignerContext & { now: number } = { now: 0, currentProcessingTime: () => this.clock.now };

  constructor(private readonly config: FileSinkConfig<IN>, private readonly state: FileWriterState) {}

  write(element: IN): void {
    const now = (this.clock.now = Date.now());
    const { bucketAssigner, rollingPolicy, encoder } = this.config;
    const bucketId = bucketAssigner.getBucketId(element, this.clock);
    let part = this.parts.get(bucketId);
    if (part && rollingPolicy.shouldRollOnProcessingTime(part, now)) part = this.roll(part);
    part ??= this.open(bucketId, now);
    part.append(encoder.encode(element), now);
    if (rollingPolicy.shouldRollOnEvent(part, element)) this.roll(part);
  }

  flush(): void {
    for (const part of this.parts.values()) part.writeOut();
  }

  /** Every open part rolls at a checkpoint: what was written so far becomes committable. */
  prepareCommit(): FileSinkCommittable[] {
    for (const part of [...this.parts.values()]) this.roll(part);
    const committables = this.pending;
    this.pending = [];
    return committables;
  }

  snapshotState(): FileWriterState[] {
    return [{ ...this.state }];
  }

  /** Closes the open parts without committing them: a restore removes them, a later run never sees them. */
  close(): void {
    for (const part of this.parts.values()) closeSync(part.fd);
    this.parts.clear();
  }

  private open(bucketId: string, now: number): OpenPart {
    const dir = join(this.config.basePath, bucketId);
    mkdirSync(dir, { recursive: true });
    const name = finalName(this.config, this.state, this.state.nextPart++);
    const pendingPath = join(dir, `.${name}${IN_PROGRESS}`);
    const part = new OpenPart(bucketId, openSync(pendingPath, 'w'), { pendingPath, finalPath: join(dir, name) }, now);
    this.parts.set(bucketId, part);
    return part;
  }

  private roll(part: OpenPart): undefined {
    this.parts.delete(part.bucketId);
    this.pending.push(part.seal());
    return undefined;
  }
}

/**
 * Before a restored writer starts: removes the in-progress and pending parts its predecessors
 * (the writers of `recovered`) opened after the restored checkpoint — their records will be
 * written again. Parts numbered below a writer's restored `nextPart` are kept: they are committed
 * already or are the restored checkpoint's committables, which the committer is about to commit.
 */
export function cleanUpAfterRestore<IN>(config: FileSinkConfig<IN>, recovered: FileWriterState[]): void {
  if (!existsSync(config.basePath)) return;
  const { partPrefix, partSuffix } = config.outputFileConfig;
  const stale = recovered.map((s) => ({ prefix: `.${partPrefix}-${s.uid}-${s.subtask}-`, nextPart: s.nextPart }));
  for (const entry of readdirSync(config.basePath, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(`${partSuffix}${IN_PROGRESS}`)) continue;
    for (const { prefix, nextPart } of stale) {
      if (!entry.name.startsWith(prefix)) continue;
      const part = Number(entry.name.slice(prefix.length, entry.name.length - partSuffix.length - IN_PROGRESS.length));
      if (Number.isInteger(part) && part >= nextPart) rmSync(join(entry.parentPath, entry.name), { force: true });
    }
  }
}

/** Renames pending parts to their visible names; a part renamed before (a repeated commit) is already committed. */
export class FileCommitter implements Committer<FileSinkCommittable> {
  commit(requests: CommitRequest<FileSinkCommittable>[]): void {
    for (const request of requests) {
      const { pendingPath, finalPath } = request.getCommittable();
      if (existsSync(pendingPath)) renameSync(pendingPath, finalPath);
      else if (existsSync(finalPath)) request.signalAlreadyCommitted();
      else request.signalFailedWithKnownReason(new Error(`The pending part file ${pendingPath} is gone, and ${finalPath} does not exist: its records are lost`));
    }
  }

  close(): void {}
}
