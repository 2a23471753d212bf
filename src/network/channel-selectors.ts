/**
 * Channel selectors: which consumer subtask(s) get a record, per ship strategy (Flink's
 * StreamPartitioners). Each is built once per output; selecting costs one call per record.
 */
import { assignKeyToParallelOperator } from '../common/key-groups.js';
import type { ShipStrategy } from '../protocol/job-graph.js';

/** Returns the channel of a record, or -1 to mean "every channel" (broadcast). */
export type ChannelSelector = (record: unknown) => number;

export interface SelectorSpec {
  strategy: ShipStrategy;
  numberOfChannels: number;
  /** This producer's subtask index. */
  subtaskIndex: number;
  /** For HASH: the consumer's key selector (bound, ready to call) and number of key groups. */
  getKey?: (record: unknown) => unknown;
  maxParallelism: number;
}

export const BROADCAST_CHANNEL = -1;

/** Builds the selector of one output. */
export function createChannelSelector(spec: SelectorSpec): ChannelSelector {
  const n = spec.numberOfChannels;
  // One consumer: nothing to choose, and no key to hash.
  if (n === 1) return spec.strategy === 'BROADCAST' ? () => BROADCAST_CHANNEL : () => 0;
  switch (spec.strategy) {
    case 'FORWARD':
      return () => spec.subtaskIndex;
    case 'GLOBAL':
      return () => 0;
    case 'BROADCAST':
      return () => BROADCAST_CHANNEL;
    case 'SHUFFLE':
      return () => Math.floor(Math.random() * n);
    case 'REBALANCE':
    case 'RESCALE': {
      let next = spec.subtaskIndex % n;
      return () => {
        const c = next;
        next = next + 1 === n ? 0 : next + 1;
        return c;
      };
    }
    case 'HASH': {
      const getKey = spec.getKey;
      if (!getKey) throw new Error('A HASH output needs the consumer\'s key selector');
      const max = spec.maxParallelism;
      return (record) => assignKeyToParallelOperator(getKey(record), max, n);
    }
  }
}

/** Whether a consumer with this index receives from producer `producer` (pointwise vs all-to-all). */
export function isConnected(strategy: ShipStrategy, producer: number, consumer: number): boolean {
  return strategy === 'FORWARD' ? producer === consumer : true;
}
