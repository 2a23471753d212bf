import type { Output } from './stream-operator.js';

/** Fans one operator's output out to several outputs (chained successors and writers). */
export class BroadcastingOutput implements Output {
  constructor(private readonly outputs: readonly Output[]) {}
  collect(record: unknown): void {
    for (const o of this.outputs) o.collect(record);
  }
}
