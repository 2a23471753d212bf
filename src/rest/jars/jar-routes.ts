/**
 * Flink's jar endpoints: upload, list, delete, run and plan. Running a jar builds its JobGraph in
 * the job package service (user code never runs in this process) and submits it. With
 * `web.submit.enable: false` none of them exists, as in Flink (its WebSubmissionExtension is not
 * loaded then).
 */
import multipart from '@fastify/multipart';
import type { TSchema } from '@sinclair/typebox';
import type { FastifyInstance, RouteShorthandOptions } from 'fastify';
import type { JobId } from '../../common/ids.js';
import type { SnapshotRestoreCheck } from '../../protocol/checkpoints.js';
import type { DispatcherGateway } from '../../protocol/gateways.js';
import type { JobGraph } from '../../protocol/job-graph.js';
import type { BlobService, JobPackageService, ProgramOptions } from '../../protocol/job-packages.js';
import { clientGone } from '../http/client-gone.js';
import { missingBodyAsEmptyObject, refuseNonBlankBody } from '../http/body-parsing.js';
import { DISABLED_ROUTE, disabledRoute } from '../http/disabled-route.js';
import { HttpError } from '../http/http-error.js';
import { EmptyResponseBody, routeSchema } from '../http/route-schema.js';
import { JobPlanInfo } from '../jobs/job-schemas.js';
import { JarListInfo, JarRunResponseBody, JarUploadResponseBody } from './jar-schemas.js';
import type { JarStore, StoredJar } from './jar-store.js';
import { JAR_FIELD, receiveUpload } from './jar-upload.js';
import type { JobIdClaims } from './job-id-claims.js';
import { JAR_PLAN_BODY, JAR_RUN_SCHEMA, programOptions, type JarIdParams, type JarRunBody, type JarRunQuery } from './run-request.js';

/** What the jar routes work with. */
export interface JarRouteDeps {
  store: JarStore;
  dispatcher: DispatcherGateway;
  /** Job ids of runs in progress (one instance for all prefixes). */
  jobIds: JobIdClaims;
  packages: JobPackageService;
  blobs: BlobService;
  /** Refuses a run whose savepointPath cannot be restored, before it is submitted. */
  checkSnapshotRestore: SnapshotRestoreCheck;
  /** Largest accepted upload in bytes (for messages; the multipart limit enforces it). */
  maxUploadSize: number;
  /** `http://<rest.address>:<port>` as JarListInfo's `address`. */
  address(): string;
  /** `web.submit.enable`: without it the routes answer 404. */
  submitEnabled: boolean;
}

interface JarRunRequest {
  Params: JarIdParams;
  Querystring: JarRunQuery;
  Body: JarRunBody;
}

const TAGS = ['jars'];

/** Registers the jar routes on `app` (mounted once per prefix). */
export async function registerJarRoutes(app: FastifyInstance, deps: JarRouteDeps): Promise<void> {
  if (!deps.submitEnabled) {
    const disabled = disabledRoute('job submission', 'web.submit.enable');
    app.all('/jars', DISABLED_ROUTE, disabled);
    app.all('/jars/*', DISABLED_ROUTE, disabled);
    return;
  }
  const { store } = deps;
  await app.register(async (uploads) => registerUploadRoute(uploads, deps));

  app.get('/jars', { schema: routeSchema({ summary: "Returns a list of all jars previously uploaded via '/jars/upload'.", tags: TAGS, response: JarListInfo }) }, async () => ({
    address: deps.address(),
    files: (await store.list()).map((jar) => ({
      id: jar.id,
      name: jar.name,
      uploaded: jar.uploaded,
      entry: jar.entries.map((e) => ({ name: e.name, description: e.description ?? '' })),
    })),
  }));

  app.delete<{ Params: JarIdParams }>('/jars/:jarid', {
    schema: routeSchema({ summary: "Deletes a jar previously uploaded via '/jars/upload'.", tags: TAGS, params: JAR_RUN_SCHEMA.params, response: EmptyResponseBody }),
  }, async (req) => {
    await store.delete(req.params.jarid);
    return {};
  });

  /** Runs `work` with the jar the request names, which is not removed to make room meanwhile. */
  const withJar = async <T>(params: JarIdParams, work: (jar: StoredJar) => Promise<T>): Promise<T> => {
    const jar = store.resolve(params.jarid);
    const done = store.use(jar);
    try {
      return await work(jar);
    } finally {
      done();
    }
  };

  /** Builds the JobGraph of a run or plan request; `signal` aborts once its client has gone. */
  const buildJobGraph = async (jar: StoredJar, options: ProgramOptions, signal: AbortSignal): Promise<JobGraph> => {
    const blobKey = await deps.blobs.putFile(jar.path);
    try {
      return await deps.packages.createJobGraph(jar.path, jar.name, blobKey, options, signal);
    } catch (err) {
      deps.blobs.release(blobKey);
      throw err;
    }
  };
  const { params, querystring } = JAR_RUN_SCHEMA;
  const withBody = (summary: string, body: unknown, response: TSchema): RouteShorthandOptions => ({
    schema: routeSchema({ summary, tags: TAGS, params, querystring, body, response }),
    preValidation: missingBodyAsEmptyObject,
  });
  const RUN = "Submits a job by running a jar previously uploaded via '/jars/upload'.";
  const PLAN = "Returns the dataflow plan of a job contained in a jar previously uploaded via '/jars/upload'.";

  /** Builds and submits a job; a set job id is held from before its main runs until the Dispatcher has the job. */
  const submit = async (params: JarIdParams, options: ProgramOptions, signal: AbortSignal): Promise<JobId> => {
    // A duplicate id is refused before the user's main runs (the Dispatcher checks again).
    const releaseJobId = await deps.jobIds.claim(options.jobId);
    try {
      return await withJar(params, async (jar) => {
        const jobGraph = await buildJobGraph(jar, options, signal);
        try {
          await deps.checkSnapshotRestore(jobGraph);
          await deps.dispatcher.submitJob(jobGraph);
        } finally {
          // The running job holds its own reference to the package.
          deps.blobs.release(jobGraph.program.blobKey);
        }
        store.startedJob(jar, jobGraph.jobId);
        return jobGraph.jobId;
      });
    } finally {
      releaseJobId();
    }
  };

  app.post<JarRunRequest>('/jars/:jarid/run', withBody(RUN, JAR_RUN_SCHEMA.body, JarRunResponseBody), async (req, reply) => {
    const options = programOptions(req.body, req.query);
    const jobId = await submit(req.params, options, clientGone(reply));
    // Sluice has no applications (Flink 2.x's FLIP-549): a job run from a jar is its own application.
    return { jobid: jobId, applicationId: jobId };
  });

  const planOf = async (signal: AbortSignal, params: JarIdParams, query: JarRunQuery, body: JarRunBody = {}): Promise<{ plan: JobGraph['plan'] }> => {
    const jobGraph = await withJar(params, (jar) => buildJobGraph(jar, programOptions(body, query), signal));
    deps.blobs.release(jobGraph.program.blobKey);
    return { plan: jobGraph.plan };
  };
  app.post<JarRunRequest>('/jars/:jarid/plan', withBody(PLAN, JAR_PLAN_BODY, JobPlanInfo), async (req, reply) => planOf(clientGone(reply), req.params, req.query, req.body));
  // Flink's legacy GET variant: parameters in the query string only.
  app.get<Omit<JarRunRequest, 'Body'>>('/jars/:jarid/plan', { schema: routeSchema({ summary: PLAN, tags: TAGS, params, querystring, response: JobPlanInfo }) }, async (req, reply) => planOf(clientGone(reply), req.params, req.query));
}

/**
 * `POST /jars/upload`, in a scope of its own: the only place that parses multipart bodies, so a
 * form post to any other route is refused like every body that is not JSON.
 */
async function registerUploadRoute(app: FastifyInstance, deps: JarRouteDeps): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', refuseNonBlankBody(() => new HttpError(415, `Send the job package as multipart/form-data in the file field '${JAR_FIELD}'.`)));
  // Oversized files are cut at the limit and flagged (`truncated`); the upload handler answers 413.
  await app.register(multipart, { throwFileSizeLimit: false, limits: { fileSize: deps.maxUploadSize } });
  app.post('/jars/upload', {
    schema: routeSchema({ summary: "Uploads a job package (.jar/.zip, or a .js/.mjs bundle) to the cluster, as multipart/form-data in the file field 'jarfile'.", tags: TAGS, response: JarUploadResponseBody }),
  }, async (req) => {
    const jar = await receiveUpload(req, deps.store, deps.maxUploadSize);
    return { filename: jar.path, status: 'success' as const };
  });
}
