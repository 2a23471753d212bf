/**
 * Flink's asynchronous operations over REST (checkpoints, savepoints, savepoint disposal): a
 * trigger answers a TriggerResponse with its trigger id, and the status route an
 * AsynchronousOperationResult: `{"status": {"id": "IN_PROGRESS"}, "operation": null}` while it
 * runs, then `COMPLETED` with the operation's result or its failure cause.
 */
import { randomBytes } from 'node:crypto';
import { Type, type TSchema } from '@sinclair/typebox';
import type { OperationResult } from '../../protocol/checkpoint-triggers.js';
import { ID_SCHEMA } from '../http/schemas.js';
import { StringEnum } from '../http/string-enum.js';
import { serializedThrowableJson, type SerializedThrowableJson } from './serialized-throwable.js';

/** Flink's TriggerId. */
export const TRIGGER_ID = { ...ID_SCHEMA, description: '32-character hexadecimal string that identifies an asynchronous operation trigger ID.' } as const;

/** Flink's TriggerResponse. */
export const TriggerResponse = Type.Object({ 'request-id': Type.Unsafe<string>(TRIGGER_ID) });

/** Flink's AsynchronousOperationResult of `operation`: null while in progress. */
export function asynchronousOperationResult<T extends TSchema>(operation: T) {
  return Type.Object({
    status: Type.Object({ id: StringEnum(['IN_PROGRESS', 'COMPLETED'] as const) }),
    operation: Type.Union([operation, Type.Null()]),
  });
}

/** A trigger id of the server's choosing, for a request that names none. */
export function newTriggerId(): string {
  return randomBytes(16).toString('hex');
}

/** The status JSON of `result`: `success` makes the operation of a result, `failure` of an error. */
export function operationStatusJson<R, S, F>(result: OperationResult<R>, success: (r: R) => S, failure: (cause: SerializedThrowableJson) => F): { status: { id: 'IN_PROGRESS' | 'COMPLETED' }; operation: S | F | null } {
  switch (result.status) {
    case 'IN_PROGRESS': return { status: { id: 'IN_PROGRESS' }, operation: null };
    case 'SUCCESS': return { status: { id: 'COMPLETED' }, operation: success(result.result) };
    case 'FAILURE': return { status: { id: 'COMPLETED' }, operation: failure(serializedThrowableJson(result.error.code, result.error.stack ?? result.error.message)) };
  }
}
