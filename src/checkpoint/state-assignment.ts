/**
 * Which state each subtask of a job restores from a snapshot (Flink's StateAssignmentOperation,
 * at an unchanged parallelism): state belongs to operators, found by operator id (from `uid()`
 * when set), not to vertices, so a job whose chaining changed still gets its operators' state.
 */
import { ErrorCode, SluiceError } from '../common/errors.js';
import type { RestoredVertexState, StateHandle, TaskRestore } from '../protocol/checkpoints.js';
import type { JobVertex } from '../protocol/job-graph.js';
import type { CheckpointMetadata, VertexMetadata } from './checkpoint-storage.js';

/** What subtask `subtaskIndex` of vertex `vertexId` restores. */
export type StateAssignment = (vertexId: string, subtaskIndex: number) => TaskRestore;

/**
 * Maps the state of `metadata` onto `vertices`. Throws SNAPSHOT_NOT_RESTORABLE when an operator
 * with state in the snapshot has no operator of that id in the job (unless
 * `allowNonRestoredState`: its state is dropped), or when an operator's vertex runs at another
 * parallelism or max parallelism than in the snapshot (rescaling is not supported yet).
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
      checkParallelism(snapshotVertex, target);
      sources.set(target.id, [...(sources.get(target.id) ?? []), snapshotVertex]);
    }
  }
  const entries = new Map(metadata.subtasks.map((s) => [`${s.vertexId}/${s.subtaskIndex}`, s]));
  const snapshotVertexOf = new Map(metadata.vertices.flatMap((sv) => sv.operators.map((op) => [op.operatorId, sv.vertexId] as const)));
  return (vertexId, subtaskIndex) => {
    const head = vertices.find((v) => v.id === vertexId)?.operators[0]?.operatorId;
    const headVertex = head === undefined ? undefined : snapshotVertexOf.get(head);
    const states: RestoredVertexState[] = [];
    for (const sv of sources.get(vertexId) ?? []) {
      const state = entries.get(`${sv.vertexId}/${subtaskIndex}`)?.state;
      if (state !== undefined) states.push({ state, vertexStates: files.get(sv.vertexId)!, holdsHead: sv.vertexId === headVertex });
    }
    // A subtask whose head operator had finished must not emit again what it emitted.
    const finished = headVertex !== undefined && (entries.get(`${headVertex}/${subtaskIndex}`)?.finished ?? false);
    return { checkpointId: metadata.checkpointId, states, finished };
  };
}

/** The state files of each snapshot vertex that has any, in subtask order. */
function stateFilesByVertex(metadata: CheckpointMetadata): Map<string, StateHandle[]> {
  const files = new Map<string, StateHandle[]>();
  for (const { vertexId, state } of [...metadata.subtasks].sort((a, b) => a.subtaskIndex - b.subtaskIndex)) {
    if (state !== undefined) files.set(vertexId, [...(files.get(vertexId) ?? []), state]);
  }
  return files;
}

function checkParallelism(snapshotVertex: VertexMetadata, target: JobVertex): void {
  const named = `'${target.name}'`;
  if (snapshotVertex.maxParallelism !== target.maxParallelism) {
    throw notRestorable(`the max parallelism of ${named} is ${target.maxParallelism}, but its operators' state was written with max parallelism ${snapshotVertex.maxParallelism} (in '${snapshotVertex.name}'); keyed state cannot be split into other key groups`);
  }
  if (snapshotVertex.parallelism !== target.parallelism) {
    throw notRestorable(`${named} runs with parallelism ${target.parallelism}, but its operators' state was written with parallelism ${snapshotVertex.parallelism} (in '${snapshotVertex.name}'); Sluice does not rescale state yet, so run it with parallelism ${snapshotVertex.parallelism}`);
  }
}

function notRestored(op: VertexMetadata['operators'][number]): SluiceError {
  const uid = op.uid === undefined ? 'no uid' : `uid '${op.uid}'`;
  return notRestorable(`there is no operator for the state of operator '${op.name}' (${uid}, operator id ${op.operatorId}) in the new program. Allow non-restored state (allowNonRestoredState, sluice run -n) to drop it`);
}

function notRestorable(message: string): SluiceError {
  return new SluiceError(ErrorCode.SNAPSHOT_NOT_RESTORABLE, message, { kind: 'user' });
}
