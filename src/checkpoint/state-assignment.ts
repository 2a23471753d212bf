/**
 * Which state each subtask of a job restores from a snapshot (Flink's StateAssignmentOperation):
 * state belongs to operators, found by operator id (from `uid()` when set), not to vertices, so a
 * job whose chaining changed still gets its operators' state. A vertex may run at another
 * parallelism than in the snapshot (a rescale): each new subtask then reads the files holding its
 * key groups, and the task shares out the rest (see RestoredVertexState).
 */
import { ErrorCode, SluiceError } from '../common/errors.js';
import { keyGroupRangeForSubtask, keyGroupRangesOverlap, type KeyGroupRange } from '../common/key-group-range.js';
import type { RestoredSourceSubtasks, RestoredVertexState, StateHandle, TaskRestore } from '../protocol/checkpoints.js';
import type { JobVertex } from '../protocol/job-graph.js';
import type { CheckpointMetadata, SubtaskStateEntry, VertexMetadata } from './checkpoint-storage.js';

/** What subtask `subtaskIndex` of vertex `vertexId` restores. */
export type StateAssignment = (vertexId: string, subtaskIndex: number) => TaskRestore;

/**
 * Maps the state of `metadata` onto `vertices`. Throws SNAPSHOT_NOT_RESTORABLE when an operator
 * with state in the snapshot has no operator of that id in the job (unless
 * `allowNonRestoredState`: its state is dropped), or when an operator's vertex runs at another
 * max parallelism than in the snapshot (key groups cannot be split). Any parallelism up to the
 * max parallelism restores.
 *
 * The metadata does not say which operators of a vertex hold state, so every operator of a
 * snapshot vertex that wrote a state file counts as having state.
 */
export function assignSnapshotState(metadata: CheckpointMetadata, vertices: readonly JobVertex[], allowNonRestoredState: boolean): StateAssignment {
  const vertexOf = new Map(vertices.flatMap((v) => v.operators.map((op) => [op.operatorId, v] as const)));
  const files = stateFilesByVertex(metadata);
  /** Per vertex of the job, the snapshot vertices with state files holding some of its operators. */
  const sources = new Map<string, VertexMetadata[]>();
  for (const snapshotVertex of metadata.vertices) {
    if (!files.has(snapshotVertex.vertexId)) continue;
    const targets = new Set<JobVertex>();
    for (const op of snapshotVertex.operators) {
      const target = vertexOf.get(op.operatorId);
      if (target !== undefined) targets.add(target);
      else if (!allowNonRestoredState) throw notRestored(op);
    }
    for (const target of targets) {
      checkMaxParallelism(snapshotVertex, target);
      sources.set(target.id, [...(sources.get(target.id) ?? []), snapshotVertex]);
    }
  }
  const entries = new Map(metadata.subtasks.map((s) => [`${s.vertexId}/${s.subtaskIndex}`, s]));
  const snapshotVertexOf = new Map(metadata.vertices.flatMap((sv) => sv.operators.map((op) => [op.operatorId, sv] as const)));
  return (vertexId, subtaskIndex) => {
    const vertex = vertices.find((v) => v.id === vertexId)!;
    const keyGroups = keyGroupRangeForSubtask(vertex.maxParallelism, vertex.parallelism, subtaskIndex);
    const head = vertex.operators[0];
    const headVertex = head === undefined ? undefined : snapshotVertexOf.get(head.operatorId);
    const states: RestoredVertexState[] = [];
    for (const sv of sources.get(vertexId) ?? []) {
      const part = restoredPart(sv, files.get(sv.vertexId)!, vertex, subtaskIndex, keyGroups);
      if (part !== undefined) states.push({ ...part, holdsHead: sv === headVertex });
    }
    const restore: TaskRestore = { checkpointId: metadata.checkpointId, keyGroups, states, finished: false };
    if (headVertex === undefined) return restore;
    const subtasksOf = (sv: VertexMetadata): (SubtaskStateEntry | undefined)[] => Array.from({ length: sv.parallelism }, (_, k) => entries.get(`${sv.vertexId}/${k}`));
    if (headVertex.parallelism === vertex.parallelism) {
      // A subtask whose head operator had finished must not emit again what it emitted.
      restore.finished = entries.get(`${headVertex.vertexId}/${subtaskIndex}`)?.finished ?? false;
      return restore;
    }
    const old = subtasksOf(headVertex);
    restore.finished = old.every((s) => s?.finished === true);
    if (head!.kind === 'source' && !restore.finished) restore.source = sourceSubtasks(old, headVertex.parallelism, vertex.parallelism, subtaskIndex);
    return restore;
  };
}

/**
 * The files of snapshot vertex `sv` that subtask `subtaskIndex` of `vertex` reads first: its own
 * index's at an unchanged parallelism (none: the part is left out), else those whose key groups
 * overlap `keyGroups`.
 */
function restoredPart(sv: VertexMetadata, vertexStates: (StateHandle | null)[], vertex: JobVertex, subtaskIndex: number, keyGroups: KeyGroupRange): Omit<RestoredVertexState, 'holdsHead'> | undefined {
  if (sv.parallelism === vertex.parallelism) {
    const own = vertexStates[subtaskIndex];
    return own ? { states: [own], vertexStates } : undefined;
  }
  const states = vertexStates.filter((handle, k): handle is StateHandle =>
    handle !== null && keyGroupRangesOverlap(keyGroupRangeForSubtask(sv.maxParallelism, sv.parallelism, k), keyGroups));
  return { states, vertexStates };
}

/** Round-robin, the unfinished subtasks of a rescaled source whose remaining input new subtask `subtaskIndex` of `parallelism` reads. */
function sourceSubtasks(old: readonly (SubtaskStateEntry | undefined)[], oldParallelism: number, parallelism: number, subtaskIndex: number): RestoredSourceSubtasks {
  const unfinished = old.flatMap((s, k) => (s?.finished === true ? [] : [k]));
  return { parallelism: oldParallelism, subtasks: unfinished.filter((_, n) => n % parallelism === subtaskIndex) };
}

/** The state file of each subtask of each snapshot vertex that has any, by subtask index (null: none). */
function stateFilesByVertex(metadata: CheckpointMetadata): Map<string, (StateHandle | null)[]> {
  const files = new Map<string, (StateHandle | null)[]>();
  for (const sv of metadata.vertices) {
    const own = metadata.subtasks.filter((s) => s.vertexId === sv.vertexId && s.state !== undefined);
    if (own.length === 0) continue;
    const byIndex: (StateHandle | null)[] = new Array<StateHandle | null>(sv.parallelism).fill(null);
    for (const { subtaskIndex, state } of own) byIndex[subtaskIndex] = state!;
    files.set(sv.vertexId, byIndex);
  }
  return files;
}

function checkMaxParallelism(snapshotVertex: VertexMetadata, target: JobVertex): void {
  if (snapshotVertex.maxParallelism !== target.maxParallelism) {
    throw notRestorable(`the max parallelism of '${target.name}' is ${target.maxParallelism}, but its operators' state was written with max parallelism ${snapshotVertex.maxParallelism} (in '${snapshotVertex.name}'); keyed state cannot be split into other key groups, so run it with max parallelism ${snapshotVertex.maxParallelism} (any parallelism from 1 to ${snapshotVertex.maxParallelism} restores)`);
  }
}

function notRestored(op: VertexMetadata['operators'][number]): SluiceError {
  const uid = op.uid === undefined ? 'no uid' : `uid '${op.uid}'`;
  return notRestorable(`there is no operator for the state of operator '${op.name}' (${uid}, operator id ${op.operatorId}) in the new program. Allow non-restored state (allowNonRestoredState, sluice run -n) to drop it`);
}

function notRestorable(message: string): SluiceError {
  return new SluiceError(ErrorCode.SNAPSHOT_NOT_RESTORABLE, message, { kind: 'user' });
}
