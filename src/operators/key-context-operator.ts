/**
 * Runs an operator of a keyed stream (a map, flatMap, filter, sink function or process function
 * after `keyBy`): owns the subtask's keyed state backend and makes each record's key current
 * before the operator sees the record (Flink's setKeyContextElement), so state accessed while
 * processing it is that key's.
 */
import type { KeySelectorFn, TaskInfo } from '../api/functions.js';
import { HeapKeyedStateBackend, keyGroupRangeForSubtask } from '../state/index.js';
import { describeOperator, userFunctionError } from './operator-errors.js';
import { bindUserFunction, type StreamOperator } from './stream-operator.js';

export class KeyContextOperator implements StreamOperator {
  private readonly getKey: (record: unknown) => unknown;
  private backend!: HeapKeyedStateBackend;
  private description = 'operator';

  constructor(private readonly operator: StreamOperator, keySelector: KeySelectorFn<unknown, unknown>) {
    this.getKey = bindUserFunction(keySelector, 'getKey');
  }

  /** The backend holds the key groups this subtask owns (the ones the hash partitioner sends it). */
  open(info: TaskInfo): Promise<void> {
    const maxParallelism = info.getMaxNumberOfParallelSubtasks();
    const range = keyGroupRangeForSubtask(maxParallelism, info.getNumberOfParallelSubtasks(), info.getIndexOfThisSubtask());
    this.backend = new HeapKeyedStateBackend(maxParallelism, range);
    this.description = describeOperator(info);
    return this.operator.open(info, this.backend);
  }

  processElement(record: unknown): void {
    try {
      this.backend.setCurrentKey(this.getKey(record));
    } catch (err) {
      throw userFunctionError(this.description, err);
    }
    this.operator.processElement(record);
  }

  finish(): void {
    this.operator.finish();
  }

  close(): Promise<void> {
    return this.operator.close();
  }
}
