/**
 * Keyed rolling operators (reduce and the built-in aggregations): one value per key, updated
 * and emitted for every input record, as Flink's StreamGroupedReduceOperator. Their snapshot is
 * `{ keyGroups }`: each key with its value under its key group (see KeyTable.snapshot).
 */
import type { KeySelectorFn, TaskInfo } from '../api/functions.js';
import type { AggregationKind } from '../api/stream-graph.js';
import { RestoredKeyTypes, type AbstractKeyedStateBackend } from '../state/index.js';
import { KeyTable, type KeyTableSnapshot } from './key-table.js';
import { bindUserFunction, UdfOperator, type OperatorStateSnapshot, type Output } from './stream-operator.js';

/** What restore errors call the per-key values (Flink's name for a keyed reduce's state). */
const VALUES_STATE_NAME = '_op_state';

/** A keyed operator whose per-key values live in a KeyTable (composite keys compare by value). */
abstract class KeyTableOperator<V> extends UdfOperator {
  protected readonly state = new KeyTable<V>();
  protected readonly getKey: (v: unknown) => unknown;
  /** Key groups of the operator (known once open), under which its snapshot files each key. */
  private maxParallelism = 0;
  /** The restored keys' types, until the first record's key was checked against them. */
  private restoredKeyTypes: RestoredKeyTypes | undefined;

  constructor(udf: unknown, keySelector: KeySelectorFn<unknown, unknown>, output: Output) {
    super(udf, output);
    this.getKey = bindUserFunction(keySelector, 'getKey');
  }

  override open(info: TaskInfo, keyedState?: AbstractKeyedStateBackend): Promise<void> {
    this.maxParallelism = info.getMaxNumberOfParallelSubtasks();
    return super.open(info, keyedState);
  }

  protected override snapshotOperatorState(): OperatorStateSnapshot {
    return { keyGroups: this.state.snapshot(this.maxParallelism) };
  }

  protected override restoreOperatorState(snapshot: OperatorStateSnapshot): void {
    const types = new RestoredKeyTypes();
    this.state.restore(snapshot.keyGroups as KeyTableSnapshot, (key) => types.add(VALUES_STATE_NAME, key));
    if (!types.isEmpty) this.restoredKeyTypes = types;
  }

  /** The key of `record` (the key selector's error names the operator); the first one after a restore must be of a restored key's type. */
  protected keyOf(record: unknown): unknown {
    let key: unknown;
    try {
      key = this.getKey(record);
    } catch (err) {
      throw this.userError(err);
    }
    if (this.restoredKeyTypes !== undefined) {
      this.restoredKeyTypes.check(key, this.description);
      this.restoredKeyTypes = undefined;
    }
    return key;
  }
}

/** Heap keyed state of one operator: the current value per key. */
abstract class KeyedRollingOperator extends KeyTableOperator<unknown> {
  processElement(record: unknown): void {
    const k = this.keyOf(record);
    let next: unknown;
    try {
      const current = this.state.get(k);
      next = current === undefined ? this.first(record) : this.combine(current, record);
      this.state.set(k, next);
    } catch (err) {
      throw this.userError(err);
    }
    this.output.collect(next);
  }

  protected abstract first(record: unknown): unknown;
  protected abstract combine(current: unknown, record: unknown): unknown;
}

export class KeyedReduceOperator extends KeyedRollingOperator {
  private readonly reduce: (a: unknown, b: unknown) => unknown;
  constructor(udf: unknown, keySelector: KeySelectorFn<unknown, unknown>, output: Output) {
    super(udf, keySelector, output);
    this.reduce = bindUserFunction(udf, 'reduce');
  }
  protected first(record: unknown): unknown {
    return record;
  }
  protected combine(current: unknown, record: unknown): unknown {
    return this.reduce(current, record);
  }
}

type Fields = Record<string | number, unknown>;

/** A shallow copy of a tuple (array) or object record. */
function copyRecord(record: Fields): Fields {
  return (Array.isArray(record) ? record.slice() : { ...record }) as Fields;
}

function fieldOf(record: unknown, field: string | number): unknown {
  if (record === null || typeof record !== 'object') {
    if (field === 0 || field === '0') return record;
    throw new TypeError(`Cannot aggregate on field '${field}' of a ${typeof record} record`);
  }
  return (record as Fields)[field];
}

/** minBy / maxBy state: the extreme record and its field; for primitive records, the aggregate alone. */
interface Holder {
  record: unknown;
  acc: number;
}

/**
 * sum / min / max (update one field; other fields keep the values of the key's first record, as
 * in Flink) and minBy / maxBy (keep the whole extreme record). For tuples and objects the state is
 * a private copy of the key's first record holding the aggregate, updated in place, and every
 * emission is a copy of it (emitted records are never mutated later). One state object is read
 * per record: with many keys the state is mostly out of the CPU caches, and reading the first
 * record and the aggregate from separate objects cost WordCount a third of its time.
 */
export class KeyedAggregationOperator extends KeyTableOperator<Fields | Holder> {
  private readonly keepsRecord: boolean;

  constructor(private readonly aggregation: AggregationKind, private readonly field: number | string, keySelector: KeySelectorFn<unknown, unknown>, output: Output) {
    super(undefined, keySelector, output);
    this.keepsRecord = aggregation === 'minBy' || aggregation === 'maxBy';
  }

  processElement(record: unknown): void {
    const k = this.keyOf(record);
    let value: unknown;
    try {
      value = fieldOf(record, this.field);
    } catch (err) {
      throw this.userError(err);
    }
    const current = this.state.get(k);
    if (this.keepsRecord) this.selectBy(k, current as Holder | undefined, record, value as number);
    else if (typeof record === 'object' && record !== null) this.aggregateInCopy(k, current as Fields | undefined, record as Fields, value as number);
    else this.aggregateValue(k, current as Holder | undefined, value as number);
  }

  private selectBy(k: unknown, h: Holder | undefined, record: unknown, v: number): void {
    if (h === undefined) this.state.set(k, (h = { record, acc: v }));
    else if (this.aggregation === 'minBy' ? v < h.acc : v > h.acc) (h.record = record), (h.acc = v);
    this.output.collect(h.record);
  }

  private aggregateInCopy(k: unknown, copy: Fields | undefined, record: Fields, v: number): void {
    if (copy === undefined) this.state.set(k, (copy = copyRecord(record)));
    else copy[this.field] = this.combine(copy[this.field] as number, v);
    this.output.collect(copyRecord(copy));
  }

  /** A primitive record is its own field 0. */
  private aggregateValue(k: unknown, h: Holder | undefined, v: number): void {
    if (h === undefined) this.state.set(k, (h = { record: undefined, acc: v }));
    else h.acc = this.combine(h.acc, v);
    this.output.collect(h.acc);
  }

  private combine(acc: number, v: number): number {
    switch (this.aggregation) {
      case 'sum':
        return acc + v;
      case 'min':
        return v < acc ? v : acc;
      default:
        return v > acc ? v : acc;
    }
  }
}
