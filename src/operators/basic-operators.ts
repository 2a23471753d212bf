/** Stateless one-input operators: map, flatMap, filter. */
import type { Collector } from '../api/functions.js';
import { bindUserFunction, UdfOperator, type Output } from './stream-operator.js';

export class MapOperator extends UdfOperator {
  private readonly map: (v: unknown) => unknown;
  constructor(udf: unknown, output: Output) {
    super(udf, output);
    this.map = bindUserFunction(udf, 'map');
  }
  processElement(record: unknown): void {
    try {
      this.output.collect(this.map(record));
    } catch (err) {
      throw this.userError(err);
    }
  }
}

export class FlatMapOperator extends UdfOperator {
  private readonly flatMap: (v: unknown, out: Collector<unknown>) => void;
  constructor(udf: unknown, output: Output) {
    super(udf, output);
    this.flatMap = bindUserFunction(udf, 'flatMap');
  }
  processElement(record: unknown): void {
    try {
      this.flatMap(record, this.output);
    } catch (err) {
      throw this.userError(err);
    }
  }
}

export class FilterOperator extends UdfOperator {
  private readonly filter: (v: unknown) => boolean;
  constructor(udf: unknown, output: Output) {
    super(udf, output);
    this.filter = bindUserFunction(udf, 'filter');
  }
  processElement(record: unknown): void {
    try {
      if (this.filter(record)) this.output.collect(record);
    } catch (err) {
      throw this.userError(err);
    }
  }
}
