/**
 * A JobManager's REST API as the client sees it (Flink's RestClusterClient): the calls `sluice run`
 * and remote execution need, with Flink's error bodies turned into SluiceErrors.
 */
import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import { ErrorCode, SluiceError, errorMessage } from '../common/errors.js';
import type { JobId } from '../common/ids.js';
import type { CollectResults } from '../protocol/collect-results.js';
import type { JobRescale, JobResourceRequirements } from '../protocol/rescales.js';
import { collectResultsFromJson, type CollectResultsJson } from '../protocol/collect-results-json.js';
import type { JobStatus } from '../protocol/states.js';
import type { FailureCauseJson, OperationStatusJson } from './async-operation.js';

/** The parts of Flink's JobDetailsInfo a client follows a job by. */
export interface JobDetailsJson {
  jid: JobId;
  name: string;
  state: JobStatus;
  duration: number;
  /** Sluice's: present while the job waits for task slots. */
  'waiting-for-slots'?: { since: number; message: string };
}

/** A row of Flink's `GET /jobs/overview`. */
/** Flink's JobRescaleDetails as the client reads it. */
export type RescaleJson = Pick<JobRescale, 'rescaleUuid' | 'rescaleAttemptId'> & {
  terminalState: JobRescale['terminalState'] | null;
  terminatedReason: JobRescale['terminatedReason'] | null;
  vertices: Record<string, { jobVertexName: string; preRescaleParallelism: number; postRescaleParallelism: number | null }>;
  schedulerStates: { state: string; stringifiedException: string | null }[];
};

export interface JobOverviewJson {
  jid: JobId;
  name: string;
  state: JobStatus;
  'start-time': number;
  'end-time': number;
  duration: number;
}

/** An uploaded package in Flink's `GET /jars`. */
export interface JarFileJson {
  id: string;
  name: string;
  uploaded: number;
  entry: { name: string; description: string | null }[];
}

/** A node of Flink's plan JSON. */
export interface PlanNodeJson {
  id: string;
  parallelism: number;
  description: string;
  inputs?: { id: string; ship_strategy: string }[];
}

/** One entry of Flink's exception history. */
export interface ExceptionEntryJson {
  exceptionName: string;
  stacktrace: string;
}

/** Flink's AsynchronousOperationResult of a manual checkpoint (CheckpointInfo). */
export type CheckpointStatusJson = OperationStatusJson<{ checkpointId?: number; failureCause?: FailureCauseJson }>;

/** Flink's AsynchronousOperationResult of a savepoint (SavepointInfo). */
export type SavepointStatusJson = OperationStatusJson<{ location?: string; 'failure-cause'?: FailureCauseJson }>;

/** Flink's AsynchronousOperationResult of a savepoint disposal (AsynchronousOperationInfo). */
export type DisposalStatusJson = OperationStatusJson<{ 'failure-cause'?: FailureCauseJson }>;

/** Flink's JarRunRequestBody, as far as Sluice's client sets it. */
export interface JarRunRequest {
  entryClass?: string;
  programArgsList: string[];
  parallelism?: number;
  jobId?: JobId;
  savepointPath?: string;
  allowNonRestoredState?: boolean;
  restoreMode?: 'CLAIM' | 'NO_CLAIM';
}

/** The SluiceError code of an error answer; 4xx are the caller's fault. */
const CODE_BY_STATUS: Readonly<Record<number, ErrorCode>> = {
  400: ErrorCode.BAD_REQUEST,
  404: ErrorCode.NOT_FOUND,
  409: ErrorCode.DUPLICATE_JOB,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  429: ErrorCode.TOO_MANY_REQUESTS,
  503: ErrorCode.RPC_UNREACHABLE,
};

/**
 * How long a client keeps retrying requests the JobManager answered 429 (all plan extraction
 * children busy and its queue full). A 429 means nothing was done, so every request may be repeated.
 */
const BUSY_RETRY_BUDGET_MS = 120_000;
/** The longest single wait, whatever Retry-After says. */
const MAX_BUSY_WAIT_MS = 30_000;

/** Milliseconds to wait as a `Retry-After` header says (seconds, or an HTTP date); 1 s if absent or unreadable. */
function retryAfterMs(header: string | null): number {
  const seconds = Number(header);
  if (header !== null && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = header === null ? NaN : Date.parse(header);
  return Number.isNaN(date) ? 1000 : Math.max(0, date - Date.now());
}

export class RestClusterClient {
  /** `http://host:port` of the REST API. */
  readonly url: string;

  /**
   * `address` is `host:port`, as with `-m` (Flink's `--jobmanager`). `onBusy` is told before each
   * wait after a 429 (the CLI prints it), so a user sees why a submission takes longer.
   */
  constructor(address: string, private readonly onBusy?: (path: string, waitMs: number) => void) {
    const match = /^([^\s:/]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/.exec(address);
    if (!match || Number(match[2]) > 65535) {
      throw SluiceError.user(ErrorCode.BAD_REQUEST, `The JobManager address must be host:port, got '${address}'`);
    }
    this.url = `http://${address}`;
  }

  /** Uploads a job package (streamed from disk); resolves to its jar id. */
  async uploadJar(packagePath: string): Promise<string> {
    const form = new FormData();
    form.append('jarfile', await openAsBlob(packagePath), basename(packagePath));
    const { filename } = await this.request<{ filename: string }>('POST', '/v1/jars/upload', form);
    // Flink's jar id is the stored file's name.
    return basename(filename);
  }

  async runJar(jarId: string, body: JarRunRequest): Promise<JobId> {
    return (await this.request<{ jobid: JobId }>('POST', `/v1/jars/${encodeURIComponent(jarId)}/run`, body)).jobid;
  }

  async listJars(): Promise<JarFileJson[]> {
    return (await this.request<{ files: JarFileJson[] }>('GET', '/v1/jars')).files;
  }

  /** The plan of a package's job, built without running it (`POST /jars/:id/plan`). */
  async jarPlan(jarId: string, body: Omit<JarRunRequest, 'jobId' | 'savepointPath' | 'allowNonRestoredState' | 'restoreMode'>): Promise<{ name: string; nodes: PlanNodeJson[] }> {
    return (await this.request<{ plan: { name: string; nodes: PlanNodeJson[] } }>('POST', `/v1/jars/${encodeURIComponent(jarId)}/plan`, body)).plan;
  }

  async listJobs(): Promise<JobOverviewJson[]> {
    return (await this.request<{ jobs: JobOverviewJson[] }>('GET', '/v1/jobs/overview')).jobs;
  }

  async deleteJar(jarId: string): Promise<void> {
    await this.request('DELETE', `/v1/jars/${encodeURIComponent(jarId)}`);
  }

  jobDetails(jobId: JobId): Promise<JobDetailsJson> {
    return this.request('GET', `/v1/jobs/${jobId}`);
  }

  /** The job's exception history, newest first. */
  async jobExceptions(jobId: JobId): Promise<ExceptionEntryJson[]> {
    return (await this.request<{ exceptionHistory: { entries: ExceptionEntryJson[] } }>('GET', `/v1/jobs/${jobId}/exceptions`)).exceptionHistory.entries;
  }

  async cancelJob(jobId: JobId): Promise<void> {
    await this.request('PATCH', `/v1/jobs/${jobId}?mode=cancel`);
  }

  /** Triggers a manual checkpoint (`POST /jobs/:jobid/checkpoints`); resolves to its trigger id. */
  async triggerCheckpoint(jobId: JobId, checkpointType: 'CONFIGURED' | 'FULL'): Promise<string> {
    return (await this.request<{ 'request-id': string }>('POST', `/v1/jobs/${jobId}/checkpoints`, { checkpointType }))['request-id'];
  }

  checkpointStatus(jobId: JobId, triggerId: string): Promise<CheckpointStatusJson> {
    return this.request('GET', `/v1/jobs/${jobId}/checkpoints/${triggerId}`);
  }

  /** Triggers a savepoint (`POST /jobs/:jobid/savepoints`) into `targetDirectory` or the cluster's default; resolves to its trigger id. */
  async triggerSavepoint(jobId: JobId, targetDirectory: string | undefined): Promise<string> {
    const body = { 'cancel-job': false, ...(targetDirectory !== undefined && { 'target-directory': targetDirectory }) };
    return (await this.request<{ 'request-id': string }>('POST', `/v1/jobs/${jobId}/savepoints`, body))['request-id'];
  }

  /** Stops the job with a savepoint (`POST /jobs/:jobid/stop`); resolves to its trigger id, whose status `savepointStatus` reads. */
  async stopWithSavepoint(jobId: JobId, targetDirectory: string | undefined, drain: boolean): Promise<string> {
    const body = { drain, ...(targetDirectory !== undefined && { targetDirectory }) };
    return (await this.request<{ 'request-id': string }>('POST', `/v1/jobs/${jobId}/stop`, body))['request-id'];
  }

  savepointStatus(jobId: JobId, triggerId: string): Promise<SavepointStatusJson> {
    return this.request('GET', `/v1/jobs/${jobId}/savepoints/${triggerId}`);
  }

  /** Triggers the disposal of the savepoint in `savepointPath` (`POST /savepoint-disposal`); resolves to its trigger id. */
  async disposeSavepoint(savepointPath: string): Promise<string> {
    return (await this.request<{ 'request-id': string }>('POST', '/v1/savepoint-disposal', { 'savepoint-path': savepointPath }))['request-id'];
  }

  savepointDisposalStatus(triggerId: string): Promise<DisposalStatusJson> {
    return this.request('GET', `/v1/savepoint-disposal/${triggerId}`);
  }

  resourceRequirements(jobId: JobId): Promise<JobResourceRequirements> {
    return this.request('GET', `/v1/jobs/${jobId}/resource-requirements`);
  }

  /** Sets the job's resource requirements (`PUT /jobs/:jobid/resource-requirements`); a rescale it starts is read with `rescalesHistory`. */
  async updateResourceRequirements(jobId: JobId, requirements: JobResourceRequirements): Promise<void> {
    await this.request('PUT', `/v1/jobs/${jobId}/resource-requirements`, requirements);
  }

  /** The job's rescales, newest first (null where Flink writes null: what a rescale in progress has not got yet). */
  rescalesHistory(jobId: JobId): Promise<RescaleJson[]> {
    return this.request('GET', `/v1/jobs/${jobId}/rescales/history`);
  }

  /** Collect results of sink `operatorId` from `offset` on (see POST /jobs/:jobid/coordinators/:operatorid). */
  async fetchCollectResults(jobId: JobId, operatorId: string, offset: number): Promise<CollectResults> {
    return collectResultsFromJson(await this.request<CollectResultsJson>('POST', `/v1/jobs/${jobId}/coordinators/${operatorId}`, { offset }));
  }

  private async request<T = unknown>(method: string, path: string, body?: FormData | object): Promise<T> {
    const init: RequestInit = body instanceof FormData || body === undefined
      ? { method, body }
      : { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
    let res = await this.send(path, init);
    for (let waited = 0; res.status === 429 && waited < BUSY_RETRY_BUDGET_MS; ) {
      const wait = Math.min(retryAfterMs(res.headers.get('retry-after')), MAX_BUSY_WAIT_MS, BUSY_RETRY_BUDGET_MS - waited);
      await res.arrayBuffer();
      this.onBusy?.(path, wait);
      await new Promise((resolve) => setTimeout(resolve, wait));
      waited += wait;
      res = await this.send(path, init);
    }
    const text = await res.text();
    const json = text === '' ? {} : parseJson(text);
    if (res.ok) return json as T;
    const errors = (json as { errors?: unknown }).errors;
    const message = Array.isArray(errors) && errors.length > 0 ? errors.join('; ') : text || res.statusText;
    const code = CODE_BY_STATUS[res.status] ?? ErrorCode.INTERNAL;
    throw new SluiceError(code, `${method} ${path} failed (${res.status}): ${message}`, { kind: res.status < 500 && res.status !== 429 ? 'user' : 'external' });
  }

  private async send(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(`${this.url}${path}`, init);
    } catch (err) {
      // fetch reports "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, ...) is its cause.
      const reason = err instanceof Error && err.cause !== undefined ? errorMessage(err.cause) : errorMessage(err);
      throw new SluiceError(ErrorCode.RPC_UNREACHABLE, `Could not reach the JobManager at ${this.url}: ${reason}`, { kind: 'external', retryable: true });
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { errors: [text] };
  }
}
