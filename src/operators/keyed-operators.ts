/**
 * Keyed rolling operators (reduce and the built-in aggregations): one value per key, updated
 * and emitted for every input record, as Flink's StreamGroupedReduceOperator.
 */
import type { KeySelectorFn } from '../api/functions.js';
import type { AggregationKind } from '../api/stream-graph.js';
import { bindUserFunction, UdfOperator, type Output } from './stream-operator.js';

/** Keys usable in a Map: composite keys become their JSON text. */
function stateKey(key: unknown): unknown {
  return typeof key === 'object' && key !== null ? JSON.stringify(key) : key;
}

/** Heap keyed state of one operator: the current value per key. */
abstract class KeyedRollingOperator extends UdfOperator {
  private readonly state = new Map<unknown, unknown>();
  private readonly getKey: (v: unknown) => unknown;

  constructor(udf: unknown, keySelector: KeySelectorFn<unknown, unknown>, output: Output) {
    super(udf, output);
    this.getKey = bindUserFunction(keySelector, 'getKey');
  }

  processElement(record: unknown): void {
    let next: unknown;
    try {
      const k = stateKey(this.getKey(record));
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

/** `record` with `field` replaced by `value`, as a new record (emitted records are never mutated later). */
function withField(record: unknown, field: string | number, value: unknown): unknown {
  if (Array.isArray(record)) {
    const copy = record.slice();
    copy[field as number] = value;
    return copy;
  }
  if (record === null || typeof record !== 'object') return value;
  return { ...(record as Fields), [field]: value };
}

function fieldOf(record: unknown, field: string | number): unknown {
  if (record === null || typeof record !== 'object') {
    if (field === 0 || field === '0') return record;
    throw new TypeError(`Cannot aggregate on field '${field}' of a ${typeof record} record`);
  }
  return (record as Fields)[field];
}

/**
 * Per-key state of a field aggregation: the record that carries the result (the key's first record
 * for sum/min/max, as in Flink; the extreme record for minBy/maxBy) and the aggregate itself. Only
 * the aggregate changes per record, so the state map is not rewritten with a new object each time.
 */
interface AggregateHolder {
  record: unknown;
  acc: unknown;
}

/** sum / min / max (update one field) and minBy / maxBy (keep the whole extreme record). */
export class KeyedAggregationOperator extends UdfOperator {
  private readonly state = new Map<unknown, AggregateHolder>();
  private readonly getKey: (v: unknown) => unknown;
  private readonly keepsRecord: boolean;

  constructor(private readonly aggregation: AggregationKind, private readonly field: number | string, keySelector: KeySelectorFn<unknown, unknown>, output: Output) {
    super(undefined, output);
    this.getKey = bindUserFunction(keySelector, 'getKey');
    this.keepsRecord = aggregation === 'minBy' || aggregation === 'maxBy';
  }

  processElement(record: unknown): void {
    let k: unknown;
    let value: unknown;
    try {
      k = stateKey(this.getKey(record));
      value = fieldOf(record, this.field);
    } catch (err) {
      throw this.userError(err);
    }
    const h = this.state.get(k);
    if (h === undefined) {
      this.state.set(k, { record, acc: value });
      this.output.collect(this.keepsRecord ? record : withField(record, this.field, value));
      return;
    }
    const acc = h.acc as number;
    const v = value as number;
    switch (this.aggregation) {
      case 'sum':
        h.acc = acc + v;
        break;
      case 'min':
        if (v < acc) h.acc = v;
        break;
      case 'max':
        if (v > acc) h.acc = v;
        break;
      case 'minBy':
        if (v < acc) (h.acc = v), (h.record = record);
        break;
      case 'maxBy':
        if (v > acc) (h.acc = v), (h.record = record);
        break;
    }
    this.output.collect(this.keepsRecord ? h.record : withField(h.record, this.field, h.acc));
  }
}
