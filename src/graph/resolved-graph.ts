/**
 * The StreamGraph with everything graph generation decides filled in: parallelism, concrete
 * partitioners and operator ids, plus links between nodes for walking the graph.
 */
import type { StreamGraph, StreamNode } from '../api/stream-graph.js';
import { ErrorCode, SluiceError } from '../common/errors.js';
import { assignOperatorIds } from './operator-ids.js';
import { resolveParallelism, type ParallelismDefaults } from './parallelism.js';
import { resolvePartitioner, type EdgeEnd, type ResolvedPartitioner } from './partitioning.js';

/** A StreamNode with its effective settings and links to its neighbours. */
export interface ResolvedNode {
  node: StreamNode;
  operatorId: string;
  parallelism: number;
  maxParallelism: number;
  /** Edges into the node, in StreamGraph order. */
  inputs: ResolvedEdge[];
  /** Edges out of the node, in StreamGraph order. */
  outputs: ResolvedEdge[];
}

/** A StreamEdge between resolved nodes, with its partitioner decided. */
export interface ResolvedEdge {
  source: ResolvedNode;
  target: ResolvedNode;
  partitioner: ResolvedPartitioner;
}

/**
 * Resolves every node and edge; the nodes are returned in id order, which is topological.
 * Throws INVALID_PROGRAM for bad settings and for edges that do not run from an earlier node to a
 * later one (the API never builds those).
 */
export function resolveStreamGraph(graph: StreamGraph, defaults: ParallelismDefaults): ResolvedNode[] {
  const operatorIds = assignOperatorIds(graph);
  const nodes = graph.nodes
    .map((node, i): ResolvedNode => ({
      node,
      operatorId: operatorIds[i],
      ...resolveParallelism(node, defaults),
      inputs: [],
      outputs: [],
    }))
    .sort((a, b) => a.node.id - b.node.id);
  const byId = new Map(nodes.map((n) => [n.node.id, n]));
  for (const edge of graph.edges) {
    const source = byId.get(edge.sourceId);
    const target = byId.get(edge.targetId);
    if (!source || !target || edge.sourceId >= edge.targetId) {
      throw SluiceError.user(
        ErrorCode.INVALID_PROGRAM,
        `Malformed StreamGraph: edge ${edge.sourceId} -> ${edge.targetId} must connect existing nodes in creation order.`,
      );
    }
    const resolved: ResolvedEdge = {
      source,
      target,
      partitioner: resolvePartitioner(edge.partitioner, edgeEnd(source), edgeEnd(target)),
    };
    source.outputs.push(resolved);
    target.inputs.push(resolved);
  }
  return nodes;
}

function edgeEnd(node: ResolvedNode): EdgeEnd {
  return { name: node.node.name, parallelism: node.parallelism };
}
