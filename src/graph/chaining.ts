/** Operator chaining: which operators run together in one task (Flink's StreamingJobGraphGenerator). */
import { ErrorCode, SluiceError } from '../common/errors.js';
import type { ResolvedEdge, ResolvedNode } from './resolved-graph.js';

/** Operators run as one task: a tree of chainable edges rooted at `head`. */
export interface Chain {
  head: ResolvedNode;
  /** Head first, then the chained operators in topological (node id) order. */
  operators: ResolvedNode[];
  /** Flink's chained name: `A -> B`, or `A -> (B, C)` where the chain forks. */
  name: string;
  /** The edges from other chains into the head, with the chain each comes from. */
  inputs: { edge: ResolvedEdge; from: Chain }[];
}

/**
 * Flink's isChainable: records cross the edge without leaving the task. The target must have no
 * other input, the edge must be forward between equal parallelism, and the chaining strategies
 * must allow it (a HEAD source or operator still lets successors chain to it).
 */
export function isChainable(edge: ResolvedEdge): boolean {
  const { source, target } = edge;
  return (
    target.inputs.length === 1 &&
    edge.partitioner === 'forward' &&
    source.parallelism === target.parallelism &&
    target.node.chainingStrategy === 'ALWAYS' &&
    source.node.chainingStrategy !== 'NEVER'
  );
}

/** Groups nodes (given in topological order) into chains, returned in the order of their heads. */
export function buildChains(nodes: readonly ResolvedNode[]): Chain[] {
  const chainOf = new Map<number, Chain>();
  const chains: Chain[] = [];
  for (const node of nodes) {
    // isChainable demands a single input, so at most one edge qualifies.
    const chainedInput = node.inputs.find(isChainable);
    if (chainedInput) {
      const chain = chainOfSource(chainOf, chainedInput);
      chain.operators.push(node);
      chainOf.set(node.node.id, chain);
      continue;
    }
    const chain: Chain = {
      head: node,
      operators: [node],
      name: chainedName(node),
      inputs: node.inputs.map((edge) => ({ edge, from: chainOfSource(chainOf, edge) })),
    };
    chains.push(chain);
    chainOf.set(node.node.id, chain);
  }
  return chains;
}

function chainOfSource(chainOf: ReadonlyMap<number, Chain>, edge: ResolvedEdge): Chain {
  const chain = chainOf.get(edge.source.node.id);
  if (!chain) {
    throw new SluiceError(ErrorCode.INTERNAL, `Operator ${edge.source.node.id} was not placed before its successor ${edge.target.node.id}.`);
  }
  return chain;
}

function chainedName(node: ResolvedNode): string {
  const chained = node.outputs.filter(isChainable).map((edge) => chainedName(edge.target));
  if (chained.length === 0) return node.node.name;
  if (chained.length === 1) return `${node.node.name} -> ${chained[0]}`;
  return `${node.node.name} -> (${chained.join(', ')})`;
}
