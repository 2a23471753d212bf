/** Turns a StreamNode's OperatorSpec into a running operator. */
import type { StreamNode } from '../api/stream-graph.js';
import { FilterOperator, FlatMapOperator, MapOperator } from './basic-operators.js';
import { KeyedAggregationOperator, KeyedReduceOperator } from './keyed-operators.js';
import { DiscardingSinkOperator, FunctionSinkOperator, PrintSinkOperator, type PrintTarget } from './sink-operators.js';
import type { Output, StreamOperator } from './stream-operator.js';

export interface PrintTargets {
  stdout: PrintTarget;
  stderr: PrintTarget;
}

/** Creates the operator of a non-source node. */
export function createOperator(node: StreamNode, output: Output, print: PrintTargets): StreamOperator {
  const spec = node.operator;
  const keyed = (): NonNullable<StreamNode['keySelector']> => {
    if (!node.keySelector) throw new Error(`Keyed operator '${node.name}' has no key selector`);
    return node.keySelector;
  };
  switch (spec.kind) {
    case 'map':
      return new MapOperator(spec.fn, output);
    case 'flatMap':
      return new FlatMapOperator(spec.fn, output);
    case 'filter':
      return new FilterOperator(spec.fn, output);
    case 'keyedReduce':
      return new KeyedReduceOperator(spec.fn, keyed(), output);
    case 'keyedAggregation':
      return new KeyedAggregationOperator(spec.aggregation, spec.field, keyed(), output);
    case 'sink':
      switch (spec.sink.type) {
        case 'print':
          return new PrintSinkOperator(spec.sink.stderr ? print.stderr : print.stdout, spec.sink.sinkIdentifier);
        case 'function':
          return new FunctionSinkOperator(spec.sink.fn);
        case 'discard':
          return new DiscardingSinkOperator();
      }
    // eslint-disable-next-line no-fallthrough
    case 'source':
      throw new Error(`Source '${node.name}' cannot run as a chained operator`);
  }
}
