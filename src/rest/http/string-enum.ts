/**
 * Enumerations in response schemas. TypeBox writes a union of literals as `anyOf`, which
 * fast-json-stringify serializes by testing each branch in turn (for a job's status: eleven
 * tests per field, per vertex, per request); `{type: 'string', enum}` is written directly.
 */
import { Type, type SchemaOptions, type TUnsafe } from '@sinclair/typebox';

/** A string that is one of `values`. */
export function StringEnum<T extends string>(values: readonly T[], options: SchemaOptions = {}): TUnsafe<T> {
  return Type.Unsafe<T>({ ...options, type: 'string', enum: [...values] });
}

/** A string, or null. */
export function NullableString(options: SchemaOptions = {}): TUnsafe<string | null> {
  return Type.Unsafe<string | null>({ ...options, type: ['string', 'null'] });
}
