/**
 * A subtask's state file in a checkpoint directory: `<chk-n dir>/<vertexId>-<subtaskIndex>`,
 * msgpack of `{ version: 1, operators: { [operatorId]: snapshot }, sourcePosition? }`. The
 * StateHandle in the acknowledgement carries its size and sha256, and a restore checks both, so a
 * truncated or altered file fails the task before any operator sees it. Keyed state lies
 * in files of its own beside it (`<vertexId>-<subtaskIndex>-<operatorId>`, keyed-state-file.ts),
 * which the operators' snapshots name relative to this file's directory, with their size and
 * sha256; reading the state file resolves those names. A restore reads its own
 * files, and those of their vertex's other subtasks only for union list state.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Packr } from 'msgpackr';
import { ErrorCode, SluiceError, errorMessage } from '../common/errors.js';
import type { RestoredVertexState, StateHandle, TaskRestore } from '../protocol/checkpoints.js';
import { holdsUnionListState, unionFunctionListStates } from './function-state.js';
import { resolveKeyedStateFiles } from './key-context-operator.js';
import type { OperatorStateSnapshot } from './stream-operator.js';

/** The format version written; a file of another version is refused. */
const VERSION = 1;

/** What a subtask's state file holds. */
export interface TaskStateSnapshot {
  version: typeof VERSION;
  /** Per operatorId (JobVertex.operators[i].operatorId), the snapshot of each operator that has state. */
  operators: Record<string, OperatorStateSnapshot>;
  /** The source's position (what its position provider returned); absent for tasks without a replayable source. */
  sourcePosition?: unknown;
}

// Objects travel as msgpackr records and Maps as msgpack maps read back as Maps (`mapsAsObjects:
// false`), so the two stay apart; `moreTypes` keeps Sets. msgpackr's structuredClone mode would
// also keep shared references and cycles, but it tracks every object it writes, which made a
// WordCount checkpoint (50,000 keys) 4× slower to encode on the task thread; state holds trees.
const packr = new Packr({ mapsAsObjects: false, moreTypes: true });

/** Encodes a snapshot (on the task thread, at the barrier: the operators' data may change right after). */
export function encodeTaskState(snapshot: TaskStateSnapshot): Uint8Array {
  // msgpackr returns a view into a reused buffer: copy, as the write happens later.
  return new Uint8Array(packr.pack(snapshot));
}

/** The path of subtask `subtaskIndex` of vertex `vertexId` in checkpoint directory `location`. */
export function taskStateFilePath(location: string, vertexId: string, subtaskIndex: number): string {
  return join(location, `${vertexId}-${subtaskIndex}`);
}

/** Writes encoded state to `path` (creating its directory) and returns its handle. */
export async function writeTaskStateFile(path: string, bytes: Uint8Array): Promise<StateHandle> {
  await mkdir(dirname(path), { recursive: true });
  // Hashed after the first await, so the caller's data path goes on first.
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await writeFile(path, bytes);
  return { path, size: bytes.byteLength, sha256 };
}

/**
 * Reads and checks the file of `handle`. A missing file, one whose size or sha256 differs from
 * the handle, or one that does not decode to a version-1 snapshot is a CHECKPOINT_CORRUPT error
 * naming the file.
 */
export async function readTaskStateFile(handle: StateHandle): Promise<TaskStateSnapshot> {
  const corrupt = (what: string, cause?: unknown): SluiceError =>
    new SluiceError(ErrorCode.CHECKPOINT_CORRUPT, `Cannot restore from state file ${handle.path}: ${what}`, { kind: 'external', cause });
  let bytes: Buffer;
  try {
    bytes = await readFile(handle.path);
  } catch (err) {
    throw corrupt(errorMessage(err), err);
  }
  if (bytes.byteLength !== handle.size) throw corrupt(`it has ${bytes.byteLength} bytes, the checkpoint recorded ${handle.size}`);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== handle.sha256) throw corrupt(`its sha256 is ${sha256}, the checkpoint recorded ${handle.sha256}`);
  let snapshot: unknown;
  try {
    snapshot = packr.unpack(bytes);
  } catch (err) {
    throw corrupt(`it does not decode: ${errorMessage(err)}`, err);
  }
  const { version, operators } = (snapshot ?? {}) as Partial<TaskStateSnapshot>;
  if (version !== VERSION || typeof operators !== 'object' || operators === null) throw corrupt(`it is not a version ${VERSION} subtask state file`);
  const directory = dirname(handle.path);
  for (const id of Object.keys(operators)) operators[id] = resolveKeyedStateFiles(operators[id]!, directory);
  return snapshot as TaskStateSnapshot;
}

/**
 * What a restoring subtask hands its operators and source (Flink's state assignment at an
 * unchanged parallelism): the operators' snapshots from its file of each snapshot vertex that
 * held some of its operators (`restore.states`), except that an operator holding union list state
 * gets those lists with every subtask's elements. Only then are the files of the other subtasks
 * of that vertex read, each checked as `readTaskStateFile` does. The source position comes from
 * the part that held the head operator. Undefined without state.
 */
export async function readRestoredTaskState(restore: TaskRestore): Promise<TaskStateSnapshot | undefined> {
  if (restore.states.length === 0) return undefined;
  const parts = await Promise.all(restore.states.map(readRestoredPart));
  const restored: TaskStateSnapshot = { version: VERSION, operators: Object.assign({}, ...parts.map((p) => p.operators)) };
  const head = parts.find((_, i) => restore.states[i]!.holdsHead);
  if (head?.sourcePosition !== undefined) restored.sourcePosition = head.sourcePosition;
  return restored;
}

async function readRestoredPart({ state, vertexStates }: RestoredVertexState): Promise<TaskStateSnapshot> {
  const own = await readTaskStateFile(state);
  const unionOperators = Object.keys(own.operators).filter((id) => holdsUnionListState(own.operators[id]!));
  if (unionOperators.length === 0) return own;
  const all = await Promise.all(vertexStates.map((handle) => (handle.path === state.path ? own : readTaskStateFile(handle))));
  const operators = { ...own.operators };
  for (const id of unionOperators) operators[id] = unionFunctionListStates(own.operators[id]!, all.map((subtask) => subtask.operators[id]));
  return { ...own, operators };
}
