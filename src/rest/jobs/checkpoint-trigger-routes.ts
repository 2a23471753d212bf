/**
 * Flink's manual checkpoints (FLINK-27101): `POST /jobs/:jobid/checkpoints` triggers one and
 * answers 202 with its trigger id at once; `GET /jobs/:jobid/checkpoints/:triggerid` tells
 * whether it is still running, or its checkpoint id, or why it failed. As in Flink, the trigger
 * answers 202 for any job id: an unknown or ended job, or one that does not checkpoint, is the
 * failure of the operation. A client's own `triggerId` makes the trigger idempotent.
 */
import type { FastifyInstance } from 'fastify';
import type { DispatcherGateway } from '../../protocol/gateways.js';
import { missingBodyAsEmptyObject } from '../http/body-parsing.js';
import { routeSchema } from '../http/route-schema.js';
import { JOB_ID_PARAMS, type JobIdParams } from '../http/schemas.js';
import { newTriggerId, operationStatusJson, TriggerResponse } from './async-operation.js';
import { CheckpointStatusParams, CheckpointStatusResponse, CheckpointTriggerRequestBody } from './checkpoint-trigger-schemas.js';

/** Registers the routes on `app` (mounted once per prefix). */
export function registerCheckpointTriggerRoutes(app: FastifyInstance, dispatcher: DispatcherGateway): void {
  const tags = ['jobs'];

  app.post<{ Params: JobIdParams; Body: CheckpointTriggerRequestBody }>('/jobs/:jobid/checkpoints', {
    schema: routeSchema({
      summary: "Triggers a checkpoint. The 'checkpointType' parameter INCREMENTAL is accepted for a job on the rocksdb state backend with state.backend.incremental: true only (otherwise the operation fails saying why). This async operation returns a 'triggerid' for further query identifier.",
      tags, params: JOB_ID_PARAMS, body: CheckpointTriggerRequestBody, response: TriggerResponse, status: 202,
    }),
    preValidation: missingBodyAsEmptyObject,
  }, async (req, reply) => {
    const checkpointType = req.body.checkpointType ?? 'CONFIGURED';
    const triggerId = req.body.triggerId ?? newTriggerId();
    await dispatcher.triggerCheckpoint({ jobId: req.params.jobid, triggerId }, checkpointType);
    return reply.code(202).send({ 'request-id': triggerId });
  });

  app.get<{ Params: CheckpointStatusParams }>('/jobs/:jobid/checkpoints/:triggerid', {
    schema: routeSchema({ summary: 'Returns the status of a checkpoint trigger operation.', tags, params: CheckpointStatusParams, response: CheckpointStatusResponse }),
  }, async (req): Promise<CheckpointStatusResponse> => operationStatusJson(
    await dispatcher.getTriggeredCheckpointStatus({ jobId: req.params.jobid, triggerId: req.params.triggerid }),
    (checkpointId) => ({ checkpointId }),
    (failureCause) => ({ failureCause }),
  ));
}
