/**
 * Schemas of Flink's manual checkpoint endpoints (FLINK-27101): CheckpointTriggerRequestBody,
 * and AsynchronousOperationResult of CheckpointInfo.
 */
import { Type, type Static } from '@sinclair/typebox';
import { CHECKPOINT_TYPES, type CheckpointType } from '../../protocol/checkpoint-triggers.js';
import { ID_SCHEMA } from '../http/schemas.js';
import { asynchronousOperationResult, TRIGGER_ID } from './async-operation.js';
import { SerializedThrowableSchema } from './serialized-throwable.js';

/** `POST /jobs/:jobid/checkpoints`; both fields may be absent or null, as Flink reads them. */
export const CheckpointTriggerRequestBody = Type.Object({
  checkpointType: Type.Optional(Type.Unsafe<CheckpointType | null>({ type: ['string', 'null'], enum: [...CHECKPOINT_TYPES, null], description: 'CONFIGURED (default), FULL, or INCREMENTAL (a job on rocksdb with state.backend.incremental only).' })),
  triggerId: Type.Optional(Type.Unsafe<string | null>({ ...TRIGGER_ID, type: ['string', 'null'] })),
}, { additionalProperties: false });
export type CheckpointTriggerRequestBody = Static<typeof CheckpointTriggerRequestBody>;

/** Path parameters of `/jobs/:jobid/checkpoints/:triggerid` (and of a savepoint's status). */
export const CheckpointStatusParams = {
  type: 'object',
  required: ['jobid', 'triggerid'],
  properties: {
    jobid: { ...ID_SCHEMA, description: '32-character hexadecimal string value that identifies a job.' },
    triggerid: TRIGGER_ID,
  },
} as const;

export interface CheckpointStatusParams {
  jobid: string;
  triggerid: string;
}

/** `GET /jobs/:jobid/checkpoints/:triggerid`: `operation` is null while the checkpoint runs. */
export const CheckpointStatusResponse = asynchronousOperationResult(Type.Object({
  checkpointId: Type.Optional(Type.Integer()),
  failureCause: Type.Optional(SerializedThrowableSchema),
}));
export type CheckpointStatusResponse = Static<typeof CheckpointStatusResponse>;
