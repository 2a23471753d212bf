/**
 * A subtask's state file in a checkpoint directory: `<chk-n dir>/<vertexId>-<subtaskIndex>`,
 * msgpack of `{ version: 1, operators: { [operatorId]: snapshot }, sourcePosition? }`. The
 * StateHandle in the acknowledgement carries its size and sha256, and a restore checks both, so a
 * truncated or altered file fails the task before any operator sees it. A restore at an unchanged
 * parallelism reads its own files, and those of their vertex's other subtasks only for union list
 * state; after a rescale, the files holding its key groups, and all only for shared-out state.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Packr } from 'msgpackr';
import { ErrorCode, SluiceError, errorMessage } from '../common/errors.js';
import type { RestoredSourceSubtasks, RestoredVertexState, StateHandle, TaskRestore } from '../protocol/checkpoints.js';
import { holdsUnionListState, unionFunctionListStates } from './function-state.js';
import { holdsSharedState, rescaleOperatorState, type SubtaskShare } from './operator-state-rescale.js';
import { recordedSplits, type SourceSplit } from './source-splits.js';
import type { OperatorStateSnapshot } from './operator-state-snapshot.js';

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
  return snapshot as TaskStateSnapshot;
}

/** What a restoring subtask hands its operators and its source. */
export interface RestoredTaskState {
  /** Per operatorId, the snapshot the operator restores. */
  operators: Record<string, OperatorStateSnapshot>;
  /** The splits its source reads; undefined: its own share from the start (or a source that records no position). */
  sourceSplits?: SourceSplit[];
}

/**
 * What subtask `subtaskIndex` of `parallelism` restores from `restore`, reading each of its files
 * once, checked as `readTaskStateFile` does. From a part at an unchanged parallelism: the
 * operators' snapshots of its own file, except that an operator holding union list state gets
 * those lists with every subtask's elements (only then are the other files read). From a part at
 * another parallelism (a rescale): the operators' state rescaled from the files holding its key
 * groups, or from all of the part's files when one of those holds state shared out among all
 * subtasks (`rescaleOperatorState`). The source splits come from the part that held the head
 * operator. Undefined without state.
 */
export async function readRestoredTaskState(restore: TaskRestore, subtaskIndex: number, parallelism: number): Promise<RestoredTaskState | undefined> {
  const { source } = restore;
  if (restore.states.length === 0 && source === undefined) return undefined;
  const share: SubtaskShare = { keyGroups: restore.keyGroups, index: subtaskIndex, parallelism };
  const parts = await Promise.all(restore.states.map((part) => (part.vertexStates.length === parallelism ? readOwnPart(part, subtaskIndex) : readRescaledPart(part, share, part.holdsHead ? source : undefined))));
  const restored: RestoredTaskState = { operators: Object.assign({}, ...parts.map((p) => p.operators)) };
  const positions = parts.find((_, i) => restore.states[i]!.holdsHead)?.positions ?? new Map<number, unknown>();
  if (source !== undefined) restored.sourceSplits = source.subtasks.flatMap((k) => recordedSplits(positions.get(k), k, source.parallelism));
  else if (positions.has(subtaskIndex)) restored.sourceSplits = recordedSplits(positions.get(subtaskIndex), subtaskIndex, parallelism);
  return restored;
}

/** A part's operator snapshots, and the source positions of the files read by their subtask index. */
interface RestoredPart {
  operators: Record<string, OperatorStateSnapshot>;
  positions: Map<number, unknown>;
}

async function readOwnPart({ states, vertexStates }: RestoredVertexState, subtaskIndex: number): Promise<RestoredPart> {
  const state = states[0]!;
  const own = await readTaskStateFile(state);
  const positions = new Map(own.sourcePosition === undefined ? [] : [[subtaskIndex, own.sourcePosition]]);
  const unionOperators = Object.keys(own.operators).filter((id) => holdsUnionListState(own.operators[id]!));
  if (unionOperators.length === 0) return { operators: own.operators, positions };
  const all = await Promise.all(vertexStates.map((handle) => (handle === null ? undefined : handle.path === state.path ? own : readTaskStateFile(handle))));
  const operators = { ...own.operators };
  for (const id of unionOperators) operators[id] = unionFunctionListStates(own.operators[id]!, all.map((subtask) => subtask?.operators[id]));
  return { operators, positions };
}

/**
 * Reads the files holding the subtask's key groups and those of the source subtasks it takes
 * over; all of the part's files when one of them holds shared state or there are none.
 */
async function readRescaledPart(part: RestoredVertexState, share: SubtaskShare, source: RestoredSourceSubtasks | undefined): Promise<RestoredPart> {
  const files = new Map<number, Promise<TaskStateSnapshot>>();
  const read = (k: number): Promise<TaskStateSnapshot> => {
    let file = files.get(k);
    if (file === undefined) files.set(k, (file = readTaskStateFile(part.vertexStates[k]!)));
    return file;
  };
  const first = [
    ...part.states.map((handle) => part.vertexStates.findIndex((h) => h?.path === handle.path)),
    ...(source?.subtasks ?? []).filter((k) => part.vertexStates[k]),
  ];
  const firstRead = await Promise.all(first.map(read));
  if (first.length === 0 || firstRead.some((file) => Object.values(file.operators).some(holdsSharedState))) {
    part.vertexStates.forEach((handle, k) => handle && read(k));
  }
  const indices = [...files.keys()].sort((a, b) => a - b);
  const snapshots = await Promise.all(indices.map((k) => files.get(k)!));
  const operators: Record<string, OperatorStateSnapshot> = {};
  for (const id of new Set(snapshots.flatMap((s) => Object.keys(s.operators)))) {
    const rescaled = rescaleOperatorState(snapshots.map((s) => s.operators[id]), share);
    if (rescaled !== undefined) operators[id] = rescaled;
  }
  const positions = new Map(indices.flatMap((k, i) => (snapshots[i]!.sourcePosition === undefined ? [] : [[k, snapshots[i]!.sourcePosition] as const])));
  return { operators, positions };
}
