/**
 * Flink's savepoint routes: `POST /jobs/:jobid/savepoints` triggers a savepoint (and optionally
 * cancels the job after it) and answers 202 with its trigger id; `POST /jobs/:jobid/stop` stops the
 * job with a savepoint (stop-with-savepoint, optionally draining), its status read as a savepoint's; `GET .../savepoints/:triggerid`
 * gives its directory or why it failed. `POST /savepoint-disposal` deletes a savepoint directory
 * and `GET /savepoint-disposal/:triggerid` tells the outcome. As for manual checkpoints, an
 * unknown or ended job is the failure of the operation (Flink's DispatcherCachingOperations).
 */
import type { FastifyInstance } from 'fastify';
import { CheckpointingOptions } from '../../common/config/options.js';
import { ErrorCode, SluiceError } from '../../common/errors.js';
import type { DispatcherGateway } from '../../protocol/gateways.js';
import { missingBodyAsEmptyObject } from '../http/body-parsing.js';
import { routeSchema } from '../http/route-schema.js';
import { JOB_ID_PARAMS, type JobIdParams } from '../http/schemas.js';
import { newTriggerId, operationStatusJson, TriggerResponse } from './async-operation.js';
import { CheckpointStatusParams } from './checkpoint-trigger-schemas.js';
import { DisposalStatusParams, DisposalStatusResponse, SavepointDisposalRequest, SavepointStatusResponse, SavepointTriggerRequestBody, StopWithSavepointRequestBody } from './savepoint-schemas.js';

/** Registers the routes on `app` (mounted once per prefix); `defaultDirectory` is the cluster's savepoint directory ('' when unset). */
export function registerSavepointRoutes(app: FastifyInstance, dispatcher: DispatcherGateway, defaultDirectory: string): void {
  const tags = ['jobs'];

  app.post<{ Params: JobIdParams; Body: SavepointTriggerRequestBody }>('/jobs/:jobid/savepoints', {
    schema: routeSchema({
      summary: 'Triggers a savepoint, and optionally cancels the job afterwards. This async operation would return a \'triggerid\' for further query identifier.',
      tags, params: JOB_ID_PARAMS, body: SavepointTriggerRequestBody, response: TriggerResponse, status: 202,
    }),
    preValidation: missingBodyAsEmptyObject,
  }, async (req, reply) => {
    const targetDirectory = requireTarget(req.body['target-directory'] ?? undefined, 'target-directory');
    const triggerId = req.body.triggerId ?? newTriggerId();
    await dispatcher.triggerSavepoint({ jobId: req.params.jobid, triggerId }, targetDirectory, req.body['cancel-job'] ?? false);
    return reply.code(202).send({ 'request-id': triggerId });
  });

  app.post<{ Params: JobIdParams; Body: StopWithSavepointRequestBody }>('/jobs/:jobid/stop', {
    schema: routeSchema({
      summary: 'Stops a job with a savepoint. Optionally, it can also emit a MAX_WATERMARK before taking the savepoint to flush out any state waiting for timers to fire. This async operation would return a \'triggerid\' for further query identifier.',
      tags, params: JOB_ID_PARAMS, body: StopWithSavepointRequestBody, response: TriggerResponse, status: 202,
    }),
    preValidation: missingBodyAsEmptyObject,
  }, async (req, reply) => {
    const targetDirectory = requireTarget(req.body.targetDirectory ?? undefined, 'targetDirectory');
    const triggerId = req.body.triggerId ?? newTriggerId();
    await dispatcher.stopWithSavepoint({ jobId: req.params.jobid, triggerId }, targetDirectory, req.body.drain ?? false);
    return reply.code(202).send({ 'request-id': triggerId });
  });

  /** The request's directory; without one and without a cluster default, a 400 naming `property` (Flink's message). */
  function requireTarget(targetDirectory: string | undefined, property: string): string | undefined {
    if (targetDirectory === undefined && !defaultDirectory) {
      throw SluiceError.user(ErrorCode.BAD_REQUEST, `Config key [${CheckpointingOptions.SAVEPOINT_DIRECTORY.key}] is not set. Property [${property}] must be provided.`);
    }
    return targetDirectory;
  }

  app.get<{ Params: CheckpointStatusParams }>('/jobs/:jobid/savepoints/:triggerid', {
    schema: routeSchema({ summary: 'Returns the status of a savepoint operation.', tags, params: CheckpointStatusParams, response: SavepointStatusResponse }),
  }, async (req): Promise<SavepointStatusResponse> => operationStatusJson(
    await dispatcher.getTriggeredSavepointStatus({ jobId: req.params.jobid, triggerId: req.params.triggerid }),
    (location) => ({ location }),
    (cause) => ({ 'failure-cause': cause }),
  ));

  app.post<{ Body: SavepointDisposalRequest }>('/savepoint-disposal', {
    schema: routeSchema({
      summary: 'Triggers the disposal of a savepoint: deletes its directory after checking that it holds a Sluice savepoint. This async operation would return a \'triggerid\' for further query identifier.',
      tags: ['savepoints'], body: SavepointDisposalRequest, response: TriggerResponse,
    }),
  }, async (req) => {
    const triggerId = newTriggerId();
    await dispatcher.disposeSavepoint({ triggerId }, req.body['savepoint-path']);
    return { 'request-id': triggerId };
  });

  app.get<{ Params: { triggerid: string } }>('/savepoint-disposal/:triggerid', {
    schema: routeSchema({ summary: 'Returns the status of a savepoint disposal operation.', tags: ['savepoints'], params: DisposalStatusParams, response: DisposalStatusResponse }),
  }, async (req): Promise<DisposalStatusResponse> => operationStatusJson(
    await dispatcher.getSavepointDisposalStatus({ triggerId: req.params.triggerid }),
    () => ({}),
    (cause) => ({ 'failure-cause': cause }),
  ));
}
