/**
 * `POST /jobs/:jobid/coordinators/:operatorid`: how a client of a remote cluster pulls the results
 * of an `executeAndCollect()` sink. Flink sends a Java-serialized CoordinationRequest on this path;
 * Sluice sends JSON (`{"offset": n}`) and answers with the collect buffer's CollectResults, batches
 * as base64 msgpack (see protocol/collect-results-json.ts). Like every fetch, it acknowledges the
 * records before `offset`, so a slow client holds back the job instead of growing the buffer.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { collectResultsToJson, type CollectRequestJson } from '../../protocol/collect-results-json.js';
import type { DispatcherGateway } from '../../protocol/gateways.js';
import { JOB_STATUSES } from '../../protocol/states.js';
import { routeSchema } from '../http/route-schema.js';
import { ID_SCHEMA, JOB_ID_PARAMS, type JobIdParams } from '../http/schemas.js';

const PARAMS = {
  ...JOB_ID_PARAMS,
  required: ['jobid', 'operatorid'],
  properties: { ...JOB_ID_PARAMS.properties, operatorid: { ...ID_SCHEMA, description: 'Id of the collect sink operator.' } },
} as const;

const BODY = {
  title: 'ClientCoordinationRequestBody',
  type: 'object',
  additionalProperties: false,
  required: ['offset'],
  properties: { offset: { type: 'integer', minimum: 0, description: 'Stream offset of the first record wanted; acknowledges every record before it.' } },
} as const;

const RESPONSE = {
  type: 'object',
  required: ['offset', 'batches', 'end', 'jobStatus'],
  properties: {
    offset: { type: 'integer' },
    batches: { type: 'array', items: { type: 'string', description: 'A base64-encoded msgpack array of records.' } },
    end: { type: 'boolean', description: 'The sink has ended: nothing follows the last batch.' },
    jobStatus: { type: 'string', enum: [...JOB_STATUSES] },
  },
} as const;

interface CollectRoute {
  Params: JobIdParams & { operatorid: string };
  Body: CollectRequestJson;
}

/** Registers the coordination route on `app` (mounted once per prefix). */
export function registerCollectCoordinationRoute(app: FastifyInstance, dispatcher: DispatcherGateway): void {
  app.post<CollectRoute>('/jobs/:jobid/coordinators/:operatorid', {
    schema: routeSchema({
      summary: 'Fetches the results of an executeAndCollect() sink from `offset` on (Sluice: JSON instead of a serialized CoordinationRequest).',
      tags: ['jobs'], params: PARAMS, body: BODY, response: Type.Unsafe(RESPONSE),
    }),
  }, async (req) =>
    collectResultsToJson(await dispatcher.fetchCollectResults(req.params.jobid, req.params.operatorid, req.body.offset)));
}
