/** Stable operator ids: what lets a task worker find its functions in the graph it rebuilds. */
import type { StreamGraph } from '../api/stream-graph.js';
import { ErrorCode, SluiceError } from '../common/errors.js';
import { hashId } from '../common/ids.js';

/**
 * The operator id of every node, aligned with `graph.nodes`: the hash of its `uid` when set
 * (stable across job versions), else of its position in the graph (node id, kind, input node
 * ids), which is stable across runs of the same program. Throws INVALID_PROGRAM on duplicate uids.
 */
export function assignOperatorIds(graph: StreamGraph): string[] {
  const inputIds = new Map<number, number[]>();
  for (const edge of graph.edges) {
    inputIds.set(edge.targetId, [...(inputIds.get(edge.targetId) ?? []), edge.sourceId]);
  }
  const uids = new Set<string>();
  return graph.nodes.map((node) => {
    if (node.uid === undefined) return hashId('node', node.id, node.operator.kind, ...(inputIds.get(node.id) ?? []));
    if (uids.has(node.uid)) {
      throw SluiceError.user(
        ErrorCode.INVALID_PROGRAM,
        `Hash collision on user-specified ID "${node.uid}". Most likely cause is a non-unique ID. ` +
          'Please check that all IDs specified via uid(...) are unique.',
      );
    }
    uids.add(node.uid);
    return hashId(node.uid);
  });
}
