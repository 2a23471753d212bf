/** Turns a StreamNode's OperatorSpec into a running operator. */
import type { OperatorSpec, StreamNode } from '../api/stream-graph.js';
import { FilterOperator, FlatMapOperator, MapOperator } from './basic-operators.js';
import { CollectSinkOperator, type CollectChannel } from './collect-sink-operator.js';
import { KeyContextOperator } from './key-context-operator.js';
import { KeyedAggregationOperator, KeyedReduceOperator } from './keyed-operators.js';
import { KeyedProcessOperator, ProcessOperator } from './process-operators.js';
import type { KeyedStateBackendSettings } from '../state/index.js';
import type { ProcessingTimeService } from './processing-time-service.js';
import { DiscardingSinkOperator, FunctionSinkOperator, PrintSinkOperator, type PrintTarget } from './sink-operators.js';
import type { Output, StreamOperator } from './stream-operator.js';
import { SinkWriterOperator } from './sink-writer-operator.js';
import { TextFileSinkOperator } from './text-file-sink.js';

export interface PrintTargets {
  stdout: PrintTarget;
  stderr: PrintTarget;
  /** Where the task's collect sink (executeAndCollect) sends results: set only for a task that runs one. */
  collect?: CollectChannel;
}

/**
 * Creates the operator of a non-source node. `time` is the task's processing-time service
 * (timers of process functions). On a keyed stream, operators that run user functions get the
 * key of each record made current in their keyed state backend (of `stateBackend`).
 */
export function createOperator(node: StreamNode, output: Output, print: PrintTargets, time: ProcessingTimeService, stateBackend: KeyedStateBackendSettings): StreamOperator {
  const operator = createUnkeyedOperator(node, output, print, time);
  return node.keySelector && runsWithKeyContext(node.operator) ? new KeyContextOperator(operator, node.keySelector, stateBackend) : operator;
}

/**
 * Operators whose user functions may use keyed state or timers. Keyed reduce and aggregations
 * keep their own per-key values; print and file sinks have no user function.
 */
function runsWithKeyContext(spec: OperatorSpec): boolean {
  switch (spec.kind) {
    case 'map':
    case 'flatMap':
    case 'filter':
    case 'keyedProcess':
      return true;
    case 'sink':
      return spec.sink.type === 'function';
    default:
      return false;
  }
}

function createUnkeyedOperator(node: StreamNode, output: Output, print: PrintTargets, time: ProcessingTimeService): StreamOperator {
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
    case 'process':
      return new ProcessOperator(spec.fn, output, time);
    case 'keyedProcess':
      return new KeyedProcessOperator(spec.fn, output, time);
    case 'sink':
      switch (spec.sink.type) {
        case 'print':
          return new PrintSinkOperator(spec.sink.stderr ? print.stderr : print.stdout, spec.sink.sinkIdentifier);
        case 'function':
          return new FunctionSinkOperator(spec.sink.fn);
        case 'discard':
          return new DiscardingSinkOperator();
        case 'textFile':
          return new TextFileSinkOperator(spec.sink.path, spec.sink.writeMode);
        case 'sinkV2':
          return new SinkWriterOperator(spec.sink.sink, (message) => print.stderr.write(`${message}\n`));
        case 'collect':
          if (!print.collect) throw new Error(`Collect sink '${node.name}' has no channel to the JobMaster`);
          return new CollectSinkOperator(print.collect);
      }
    // eslint-disable-next-line no-fallthrough
    case 'source':
      throw new Error(`Source '${node.name}' cannot run as a chained operator`);
  }
}
