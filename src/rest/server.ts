/**
 * The JobManager's REST API: Flink's dispatcher endpoints on Fastify. Every route is served at
 * `/v1/<path>` (what Flink's CLI calls) and at `<path>` (what the Web UI calls). Every request
 * first passes the host guard (DNS rebinding) and the origin guard (cross-site requests).
 */
import type { AddressInfo } from 'node:net';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Configuration } from '../common/config/configuration.js';
import { CheckpointingOptions, RestOptions, WebOptions } from '../common/config/options.js';
import { ProcessIntrospection } from '../common/process-info/process-introspection.js';
import type { DispatcherGateway, ProcessInfoGateway } from '../protocol/gateways.js';
import type { BlobService, JobPackageService } from '../protocol/job-packages.js';
import { registerClusterRoutes } from './cluster/cluster-routes.js';
import { installJsonBodyParsing } from './http/body-parsing.js';
import { clientErrorHandler } from './http/client-errors.js';
import { frameworkErrorHandler, installErrorHandling } from './http/error-handling.js';
import { HostAllowList, isLoopbackAddress } from './http/host-guard.js';
import { installNotFoundHandling } from './http/not-found.js';
import { installOpenApi, registerOpenApiRoute } from './http/openapi.js';
import { AllowedOrigins } from './http/origin-guard.js';
import { installRequestGuards } from './http/request-guards.js';
import { RouteMethods } from './http/route-methods.js';
import { registerJarRoutes } from './jars/jar-routes.js';
import { JarStore } from './jars/jar-store.js';
import { jobRuns } from './jars/job-runs.js';
import { JobIdClaims } from './jars/job-id-claims.js';
import { registerJobRoutes } from './jobs/job-routes.js';
import { registerSavepointRoutes } from './jobs/savepoint-routes.js';
import { installWebUi } from './web-ui.js';
import { registerLogUrlRoutes } from './processes/log-url.js';
import { registerProcessRoutes } from './processes/process-routes.js';

/** What the REST server is built from; runtime components are reached only through these. */
export interface RestServerDeps {
  dispatcher: DispatcherGateway;
  packages: JobPackageService;
  blobs: BlobService;
  config: Configuration;
  /** Where uploaded job packages are stored (created if missing; existing uploads are recovered). */
  uploadDir: string;
  /** Answers for the JobManager process (logs, thread dump, metrics); default: this process, without log files. */
  jobManagerProcess?: ProcessInfoGateway;
  /** The built Web UI to serve at `/` (default: the package's `dist/web`). */
  webUiDir?: string;
  /** A pino(-compatible) logger; without one the server logs nothing. */
  log?: FastifyBaseLogger;
}

/** A created, not yet listening REST server. */
export interface RestServer {
  /** The Fastify instance, for `inject()` in tests and for adding the Web UI before `listen`. */
  readonly app: FastifyInstance;
  /**
   * Starts listening; resolves to the bound port (useful with port 0). On a loopback `host` only
   * loopback and `rest.allowed-hosts` names are answered (host-guard.ts).
   */
  listen(host: string, port: number): Promise<number>;
  close(): Promise<void>;
}

/** Builds the REST server and recovers the jars already in `uploadDir`. */
export async function createRestServer(deps: RestServerDeps): Promise<RestServer> {
  const { config, dispatcher } = deps;
  const app: FastifyInstance = Fastify({
    loggerInstance: deps.log,
    bodyLimit: config.get(RestOptions.MAX_CONTENT_LENGTH),
    // The Web UI polls every few seconds; per-request logs would drown everything else.
    logController: new LogController({ disableRequestLogging: true }),
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
    // Unknown body fields are errors, as with Flink's strict request mapper, not silently dropped.
    ajv: { customOptions: { removeAdditional: false } },
  });
  const routeMethods = new RouteMethods(app);
  const origins = new AllowedOrigins(config.get(WebOptions.ACCESS_CONTROL_ALLOW_ORIGIN));
  let boundToLoopback = false;
  installRequestGuards(app, new HostAllowList(config.get(RestOptions.ALLOWED_HOSTS), () => boundToLoopback), origins);
  installJsonBodyParsing(app);
  installErrorHandling(app);
  installNotFoundHandling(app, routeMethods, origins);
  await installOpenApi(app);

  const store = await JarStore.open(deps.uploadDir, {
    packages: deps.packages,
    log: app.log,
    maxJars: config.get(WebOptions.UPLOAD_MAX_JARS),
    maxTotalBytes: config.get(WebOptions.UPLOAD_MAX_TOTAL_SIZE),
    jobRuns: (jobId) => jobRuns(dispatcher, jobId),
  });
  const jobIds = new JobIdClaims(dispatcher);
  let boundPort: number | undefined;
  const jobManager = deps.jobManagerProcess ?? new ProcessIntrospection({ owner: 'the JobManager' });
  const maxLogBytes = config.get(RestOptions.LOG_MAX_BYTES);
  const address = (): string => `http://${config.get(RestOptions.ADDRESS)}:${boundPort ?? config.get(RestOptions.PORT)}`;

  const routes = async (scope: FastifyInstance): Promise<void> => {
    await registerJarRoutes(scope, {
      store, dispatcher, jobIds, packages: deps.packages, blobs: deps.blobs, address,
      maxUploadSize: config.get(WebOptions.UPLOAD_MAX_SIZE),
      submitEnabled: config.get(WebOptions.SUBMIT_ENABLE),
    });
    registerJobRoutes(scope, dispatcher, config.get(WebOptions.CANCEL_ENABLE));
    registerSavepointRoutes(scope, dispatcher, config.get(CheckpointingOptions.SAVEPOINT_DIRECTORY));
    registerClusterRoutes(scope, dispatcher, config);
    registerProcessRoutes(scope, { dispatcher, jobManager, maxLogBytes });
    registerLogUrlRoutes(scope, dispatcher, config);
    registerOpenApiRoute(scope);
  };
  await app.register(routes);
  await app.register(routes, { prefix: '/v1' });
  await installWebUi(app, deps.webUiDir);

  return {
    app,
    async listen(host, port) {
      boundToLoopback = isLoopbackAddress(host);
      await app.listen({ host, port });
      boundPort = (app.server.address() as AddressInfo).port;
      return boundPort;
    },
    close: () => app.close(),
  };
}
