/** The Web UI's monitoring routes of a job: metrics, watermarks, back pressure, accumulators, checkpoint details. */
import type { FastifyInstance } from 'fastify';
import type { DispatcherGateway } from '../../protocol/gateways.js';
import { registerAccumulatorRoutes } from './accumulator-routes.js';
import { registerCheckpointRoutes } from './checkpoint-routes.js';
import { registerJobMetricRoutes } from './job-metric-routes.js';
import { registerVertexMetricRoutes } from './vertex-metric-routes.js';

/** Registers the routes on `app` (mounted once per prefix). */
export function registerJobMonitoringRoutes(app: FastifyInstance, dispatcher: DispatcherGateway): void {
  registerJobMetricRoutes(app, dispatcher);
  registerVertexMetricRoutes(app, dispatcher);
  registerAccumulatorRoutes(app, dispatcher);
  registerCheckpointRoutes(app, dispatcher);
}
