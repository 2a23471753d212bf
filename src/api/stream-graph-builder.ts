/**
 * Collects the StreamNodes and StreamEdges a program creates through the DataStream API: one
 * builder per environment. Streams hold node references and mutate them fluently
 * (`setParallelism`, `name`, ...); `build` snapshots the result.
 */
import { ErrorCode, SluiceError } from '../common/errors.js';
import type { KeySelectorFn } from './functions.js';
import type { OperatorSpec, PartitionerKind, StreamEdge, StreamGraph, StreamNode } from './stream-graph.js';

/** An upstream operator of a stream and how records leave it (a union has several). */
export interface StreamInput {
  nodeId: number;
  partitioner: PartitionerKind;
}

/** The job-level part of a StreamGraph, supplied by the environment. */
export type StreamGraphSettings = Pick<StreamGraph, 'jobName' | 'parallelism' | 'maxParallelism' | 'checkpointConfig'>;

/** Flink's operator name for `name`: sources and sinks are shown with their role as prefix. */
export function operatorName(kind: OperatorSpec['kind'], name: string): string {
  if (kind === 'source') return `Source: ${name}`;
  if (kind === 'sink') return `Sink: ${name}`;
  return name;
}

/** The growing graph of one environment. */
export class StreamGraphBuilder {
  private readonly nodes: StreamNode[] = [];
  private readonly edges: StreamEdge[] = [];

  /** Adds an operator fed by `inputs`; ids are dense in creation order, so graphs are reproducible. */
  addNode(
    name: string,
    operator: OperatorSpec,
    inputs: readonly StreamInput[],
    keySelector?: KeySelectorFn<unknown, unknown>,
  ): StreamNode {
    const node: StreamNode = {
      id: this.nodes.length + 1,
      name: operatorName(operator.kind, name),
      operator,
      // Flink's sources are HEAD: they start a chain but successors may chain to them.
      chainingStrategy: operator.kind === 'source' ? 'HEAD' : 'ALWAYS',
    };
    if (keySelector) node.keySelector = keySelector;
    this.nodes.push(node);
    for (const input of inputs) {
      this.edges.push({ sourceId: input.nodeId, targetId: node.id, partitioner: input.partitioner });
    }
    return node;
  }

  /** A snapshot of the graph; throws INVALID_PROGRAM if nothing would run or nothing would be written. */
  build(settings: StreamGraphSettings): StreamGraph {
    if (!this.nodes.some((n) => n.operator.kind !== 'source')) {
      throw SluiceError.user(ErrorCode.INVALID_PROGRAM, 'No operators defined in streaming topology. Cannot execute.');
    }
    if (!this.nodes.some((n) => n.operator.kind === 'sink')) {
      throw SluiceError.user(
        ErrorCode.INVALID_PROGRAM,
        'No sinks defined in streaming topology: add one (e.g. print() or addSink(...)). Cannot execute.',
      );
    }
    return {
      ...settings,
      nodes: this.nodes.map((n) => ({ ...n })),
      edges: this.edges.map((e) => ({ ...e })),
    };
  }
}
