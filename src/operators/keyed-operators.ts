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
    const k = stateKey(this.getKey(record));
    const current = this.state.get(k);
    const next = current === undefined ? this.first(record) : this.combine(current, record);
    this.state.set(k, next);
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

function withField(record: unknown, field: string | number, value: unknown): unknown {
  if (Array.isArray(record)) {
    const copy = record.slice();
    copy[field as number] = value;
    return copy;
  }
  return { ...(record as Fields), [field]: value };
}

function fieldOf(record: unknown, field: string | number): unknown {
  if (record === null || typeof record !== 'object') {
    if (field === 0 || field === '0') return record;
    throw new TypeError(`Cannot aggregate on field '${field}' of a ${typeof record} record`);
  }
  return (record as Fields)[field];
}

function compare(a: unknown, b: unknown): number {
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

/** sum / min / max (update one field) and minBy / maxBy (keep the whole extreme record). */
export class KeyedAggregationOperator extends KeyedRollingOperator {
  constructor(private readonly aggregation: AggregationKind, private readonly field: number | string, keySelector: KeySelectorFn<unknown, unknown>, output: Output) {
    super(undefined, keySelector, output);
  }

  protected first(record: unknown): unknown {
    // Copy so later updates never mutate a record someone else holds.
    return this.aggregation === 'minBy' || this.aggregation === 'maxBy' ? record : withField(record, this.field, fieldOf(record, this.field));
  }

  protected combine(current: unknown, record: unknown): unknown {
    const f = this.field;
    const a = fieldOf(current, f);
    const b = fieldOf(record, f);
    switch (this.aggregation) {
      case 'sum':
        return withField(current, f, (a as number) + (b as number));
      case 'min':
        return compare(b, a) < 0 ? withField(current, f, b) : current;
      case 'max':
        return compare(b, a) > 0 ? withField(current, f, b) : current;
      case 'minBy':
        return compare(b, a) < 0 ? record : current;
      case 'maxBy':
        return compare(b, a) > 0 ? record : current;
    }
  }
}
