/**
 * Schemas of Flink's savepoint endpoints: SavepointTriggerRequestBody, StopWithSavepointRequestBody, SavepointDisposalRequest,
 * and AsynchronousOperationResult of SavepointInfo and of AsynchronousOperationInfo.
 */
import { Type, type Static } from '@sinclair/typebox';
import { asynchronousOperationResult, TRIGGER_ID } from './async-operation.js';
import { SerializedThrowableSchema } from './serialized-throwable.js';

/** `POST /jobs/:jobid/savepoints`; every field may be absent or null, as Flink reads them. */
export const SavepointTriggerRequestBody = Type.Object({
  'target-directory': Type.Optional(Type.Unsafe<string | null>({ type: ['string', 'null'], minLength: 1, description: 'Directory the savepoint goes into; default: execution.checkpointing.savepoint-dir.' })),
  'cancel-job': Type.Optional(Type.Unsafe<boolean | null>({ type: ['boolean', 'null'], description: 'Cancel the job once the savepoint completed.' })),
  formatType: Type.Optional(Type.Unsafe<'CANONICAL' | 'NATIVE' | null>({ type: ['string', 'null'], enum: ['CANONICAL', 'NATIVE', null], description: 'Both take the same savepoint: Sluice has one format.' })),
  triggerId: Type.Optional(Type.Unsafe<string | null>({ ...TRIGGER_ID, type: ['string', 'null'] })),
}, { additionalProperties: false });
export type SavepointTriggerRequestBody = Static<typeof SavepointTriggerRequestBody>;

/** `POST /jobs/:jobid/stop` (Flink's StopWithSavepointRequestBody); every field may be absent or null. */
export const StopWithSavepointRequestBody = Type.Object({
  targetDirectory: Type.Optional(Type.Unsafe<string | null>({ type: ['string', 'null'], minLength: 1, description: 'Directory the savepoint goes into; default: execution.checkpointing.savepoint-dir.' })),
  drain: Type.Optional(Type.Unsafe<boolean | null>({ type: ['boolean', 'null'], description: 'End the sources as if exhausted, so every operator finishes and flushes what it holds, before the job stops.' })),
  formatType: SavepointTriggerRequestBody.properties.formatType,
  triggerId: SavepointTriggerRequestBody.properties.triggerId,
}, { additionalProperties: false });
export type StopWithSavepointRequestBody = Static<typeof StopWithSavepointRequestBody>;

/** `GET /jobs/:jobid/savepoints/:triggerid`: the savepoint's directory, or why there is none. */
export const SavepointStatusResponse = asynchronousOperationResult(Type.Object({
  location: Type.Optional(Type.String()),
  'failure-cause': Type.Optional(SerializedThrowableSchema),
}));
export type SavepointStatusResponse = Static<typeof SavepointStatusResponse>;

/** `POST /savepoint-disposal`. */
export const SavepointDisposalRequest = Type.Object({
  'savepoint-path': Type.String({ minLength: 1, description: 'Directory of the savepoint to delete.' }),
}, { additionalProperties: false });
export type SavepointDisposalRequest = Static<typeof SavepointDisposalRequest>;

/** Path parameters of `/savepoint-disposal/:triggerid`. */
export const DisposalStatusParams = {
  type: 'object',
  required: ['triggerid'],
  properties: { triggerid: TRIGGER_ID },
} as const;

/** `GET /savepoint-disposal/:triggerid`: an empty operation once deleted, or why it was not. */
export const DisposalStatusResponse = asynchronousOperationResult(Type.Object({
  'failure-cause': Type.Optional(SerializedThrowableSchema),
}));
export type DisposalStatusResponse = Static<typeof DisposalStatusResponse>;
