/**
 * Flink checks at restore that the new job's key serializer is compatible with the one the
 * snapshot's keyed state was written with. Keys here have no serializer, so their type stands for
 * it: the types of the restored keys against the type of the first key the new key selector returns
 * (a key selector may return keys of several types: any restored type is compatible).
 */
import { ErrorCode, SluiceError } from '../common/errors.js';

/** A key's type as far as restoring state by it goes: `number`, `string`, `bigint`, `boolean`, `tuple`, `Date` or `object`. */
export function keyTypeOf(key: unknown): string {
  if (Array.isArray(key)) return 'tuple';
  if (key instanceof Date) return 'Date';
  return typeof key;
}

/** The types of the keys restored state was written with, checked once against the new job's first key. */
export class RestoredKeyTypes {
  /** Each key type with the first state holding a key of it. */
  private readonly types = new Map<string, string>();

  /** Notes `key`, one that state `stateName` was restored with. */
  add(stateName: string, key: unknown): void {
    const type = keyTypeOf(key);
    if (!this.types.has(type)) this.types.set(type, stateName);
  }

  /** Whether no key was restored (nothing to check). */
  get isEmpty(): boolean {
    return this.types.size === 0;
  }

  /** Throws SNAPSHOT_NOT_RESTORABLE, naming a restored state and `operator`, when no restored key has the type of `key`. */
  check(key: unknown, operator: string): void {
    const type = keyTypeOf(key);
    if (this.types.has(type)) return;
    const [[restoredType, stateName]] = this.types;
    throw SluiceError.user(
      ErrorCode.SNAPSHOT_NOT_RESTORABLE,
      `${operator} was restored from a snapshot whose state '${stateName}' is keyed by ${restoredType} keys, but its key selector now returns a ${type} key (${String(key)}). ` +
        'The new key type must be compatible with the restored one: key by the same type, or start without the snapshot.',
    );
  }
}
