/**
 * In-memory fakes of the services the REST layer uses, and a helper that starts a REST server
 * on them. Shared by the REST tests; a test helper (`test-*.ts`): not built, and production code
 * may not import it.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Configuration } from '../common/config/configuration.js';
import { ErrorCode, OverloadedError, SluiceError } from '../common/errors.js';
import { newId, type JobId, type ResourceId } from '../common/ids.js';
import type { CheckpointSettings, CheckpointStats, CheckpointStatsSnapshot } from '../protocol/checkpoint-stats.js';
import type { CheckpointType, JobOperationKey, OperationKey, OperationResult } from '../protocol/checkpoint-triggers.js';
import type { ClusterOverview, TaskManagerInfo } from '../protocol/cluster-info.js';
import type { ArchivedExecutionGraph, JobDetails } from '../protocol/execution-graph-info.js';
import type { MetricValue } from '../common/process-info/process-metrics.js';
import type { DispatcherGateway, ProcessInfoAnswer, ProcessInfoGateway, ProcessInfoQuery } from '../protocol/gateways.js';
import type { JobGraph } from '../protocol/job-graph.js';
import type { JobResourceRequirements } from '../protocol/rescales.js';
import type { BlobService, JobPackageDescription, JobPackageService, ProgramOptions } from '../protocol/job-packages.js';
import { EXECUTION_STATES, GLOBALLY_TERMINAL_JOB_STATUSES, type ExecutionState, type JobStatus } from '../protocol/states.js';
import { createRestServer, type RestServer } from './index.js';

export const CHECKPOINT_SETTINGS: CheckpointSettings = {
  interval: 5000, mode: 'EXACTLY_ONCE', timeout: 60_000, minPause: 100, maxConcurrent: 1, tolerableFailures: 2, numRetained: 1,
  retention: 'RETAIN_ON_CANCELLATION', directory: '/chk',
};

/** Checkpoint `id` of vertex `a...a` (2 subtasks) triggered at `trigger`; `acks[i]` is when subtask i acknowledged, with `size` bytes. */
function checkpoint(id: number, status: CheckpointStats['status'], trigger: number, acks: (number | undefined)[], size: number): CheckpointStats {
  const subtasks = acks.map((at, i) => at === undefined ? undefined : {
    ackTimestamp: at, finished: false,
    metrics: { startDelayMs: 2 + i, alignmentDurationMs: 3, syncDurationMs: 4 + i, asyncDurationMs: 10 * (i + 1), stateSize: size, processedData: 7 },
  });
  return { id, status, savepoint: false, triggerTimestamp: trigger, subtasks: { ['a'.repeat(32)]: subtasks } };
}

/**
 * A job's checkpoint statistics: checkpoint 1 completed (then discarded), 2 completed, 3 failed
 * (subtask 1 never acknowledged), 4 in progress (subtask 0 acknowledged); the job restored 1.
 */
export function checkpointStats(): CheckpointStatsSnapshot {
  const c1 = { ...checkpoint(1, 'COMPLETED', 10_000, [10_050, 10_100], 300), externalPath: '/chk/j/chk-1', discarded: true };
  const c2 = { ...checkpoint(2, 'COMPLETED', 15_000, [15_020, 15_300], 500), externalPath: '/chk/j/chk-2', discarded: false };
  const c3 = { ...checkpoint(3, 'FAILED', 20_000, [20_010, undefined], 600), failureTimestamp: 80_000, failureMessage: 'Checkpoint 3 expired before completing.' };
  const c4 = checkpoint(4, 'IN_PROGRESS', 85_000, [85_040, undefined], 700);
  const summary = (min: number, max: number) => ({ min, max, avg: Math.floor((min + max) / 2), p50: min, p90: max, p95: max, p99: max, p999: max });
  return {
    settings: CHECKPOINT_SETTINGS,
    counts: { restored: 1, total: 4, inProgress: 1, completed: 2, failed: 1 },
    summary: { stateSize: summary(600, 1000), checkpointedSize: summary(600, 1000), endToEndDuration: summary(100, 300), processedData: summary(14, 14) },
    history: [c4, c3, c2, c1],
    latestCompleted: c2,
    latestFailed: c3,
    latestRestored: { id: 1, restoreTimestamp: 12_000, externalPath: '/chk/j/chk-1', isSavepoint: false },
  };
}

/** A job snapshot with one source vertex of `parallelism` subtasks in `subtaskState`. */
export function archivedGraph(overrides: Partial<ArchivedExecutionGraph> = {}, subtaskState: ExecutionState = 'RUNNING', parallelism = 2): ArchivedExecutionGraph {
  const jobId = overrides.jobId ?? newId();
  return {
    jobId,
    jobName: 'WordCount Example',
    jobType: 'STREAMING',
    state: 'RUNNING',
    stateTimestamps: { INITIALIZING: 1000, CREATED: 1001, RUNNING: 1010 },
    maxParallelism: 128,
    plan: { jid: jobId, name: 'WordCount Example', type: 'STREAMING', nodes: [] },
    streamGraph: { pending_operators: 0, nodes: [] },
    vertices: [{
      id: 'a'.repeat(32),
      name: 'Source: fromElements -> Flat Map',
      parallelism,
      maxParallelism: 128,
      subtasks: Array.from({ length: parallelism }, (_, i) => ({
        subtaskIndex: i,
        attemptNumber: 0,
        state: subtaskState,
        stateTimestamps: { CREATED: 1001, DEPLOYING: 1005 + i, [subtaskState]: 1020 + i },
        metrics: { numRecordsIn: 10, numRecordsOut: 20, numBytesIn: 100, numBytesOut: 200, accumulateBusyTime: 5 + i, accumulateIdleTime: 7, accumulateBackPressuredTime: i },
      })),
    }],
    exceptionHistory: [],
    jobConfig: {},
    lastModification: 1020,
    ...overrides,
  };
}

function detailsOf(g: ArchivedExecutionGraph): JobDetails {
  const subtasks = g.vertices.flatMap((v) => v.subtasks);
  const tasksPerState = Object.fromEntries(EXECUTION_STATES.map((s) => [s, subtasks.filter((t) => t.state === s).length])) as Record<ExecutionState, number>;
  const end = GLOBALLY_TERMINAL_JOB_STATUSES.has(g.state) ? g.stateTimestamps[g.state] ?? 0 : -1;
  return { jobId: g.jobId, jobName: g.jobName, jobType: g.jobType, state: g.state, startTime: g.stateTimestamps.INITIALIZING ?? 0, endTime: end, lastModification: g.lastModification, tasksPerState, numTasks: subtasks.length };
}

/** A dispatcher holding jobs in a map; `unreachable` makes every call fail like a lost RPC peer. */
/**
 * The asynchronous operations of a FakeDispatcher of one kind, by `<job id>/<trigger id>`: each
 * with the arguments it was triggered with and its `result`, which a test sets to settle it.
 */
export class FakeOperations<A, R> extends Map<string, A & { result: OperationResult<R> }> {
  constructor(private readonly kind: string) {
    super();
  }

  trigger(key: OperationKey & { jobId?: string }, args: A): void {
    const k = `${key.jobId ?? ''}/${key.triggerId}`;
    if (!this.has(k)) this.set(k, { ...args, result: { status: 'IN_PROGRESS' } });
  }

  status(key: OperationKey & { jobId?: string }): OperationResult<R> {
    const operation = this.get(`${key.jobId ?? ''}/${key.triggerId}`);
    if (!operation) throw SluiceError.user(ErrorCode.NOT_FOUND, `There is no ${this.kind} operation with triggerId=${key.triggerId}${key.jobId === undefined ? '' : ` for job ${key.jobId}`}.`);
    return operation.result;
  }
}

export class FakeDispatcher implements DispatcherGateway {
  readonly jobs = new Map<JobId, ArchivedExecutionGraph>();
  readonly submitted: JobGraph[] = [];
  unreachable = false;
  taskManagers: TaskManagerInfo[] = [{
    resourceId: 'b'.repeat(32),
    rpcAddress: { host: '127.0.0.1', port: 40001 },
    dataPort: 40002,
    lastHeartbeat: 1_700_000_000_000,
    numberSlots: 4,
    numberAvailableSlots: 3,
    allocatedSlots: [{ slotIndex: 0, jobId: 'c'.repeat(32), assignedTasks: 2 }],
    assignedTasks: 2,
    hardware: { cpuCores: 2, physicalMemory: 8e9, freeMemory: 1e9, managedMemory: 5e8 },
  }];

  add(graph: ArchivedExecutionGraph): ArchivedExecutionGraph {
    this.jobs.set(graph.jobId, graph);
    return graph;
  }

  async submitJob(jobGraph: JobGraph): Promise<void> {
    await this.checkJobIdAvailable(jobGraph.jobId);
    this.submitted.push(jobGraph);
    this.add(archivedGraph({ jobId: jobGraph.jobId, jobName: jobGraph.jobName, plan: jobGraph.plan }));
  }

  async checkJobIdAvailable(jobId: JobId): Promise<void> {
    this.check();
    const job = this.jobs.get(jobId);
    if (job) throw SluiceError.user(ErrorCode.DUPLICATE_JOB, `Job ${jobId} is ${job.state}; a job id can be submitted only once.`);
  }

  async listJobs(): Promise<JobDetails[]> {
    this.check();
    return [...this.jobs.values()].map(detailsOf);
  }

  async requestJob(jobId: JobId): Promise<ArchivedExecutionGraph> {
    this.check();
    const job = this.jobs.get(jobId);
    if (!job) throw SluiceError.user(ErrorCode.JOB_NOT_FOUND, `Job ${jobId} not found.`);
    return job;
  }

  async requestJobStatus(jobId: JobId): Promise<JobStatus> {
    return (await this.requestJob(jobId)).state;
  }

  async cancelJob(jobId: JobId): Promise<void> {
    const job = await this.requestJob(jobId);
    if (GLOBALLY_TERMINAL_JOB_STATUSES.has(job.state)) throw SluiceError.user(ErrorCode.ILLEGAL_STATE, `Job ${jobId} has already ended.`);
    this.jobs.set(jobId, { ...job, state: 'CANCELED', stateTimestamps: { ...job.stateTimestamps, CANCELED: 2000 } });
  }

  async requestClusterOverview(): Promise<ClusterOverview> {
    this.check();
    return { numTaskManagersConnected: 1, numSlotsTotal: 4, numSlotsAvailable: 3, numJobsRunningOrPending: 1, numJobsFinished: 2, numJobsCancelled: 3, numJobsFailed: 4 };
  }

  async requestTaskManagers(): Promise<TaskManagerInfo[]> {
    this.check();
    return this.taskManagers;
  }

  /** Replaced by the tests that need them. */
  fetchCollectResults: DispatcherGateway['fetchCollectResults'] = async () => {
    throw new Error('FakeDispatcher.fetchCollectResults is not faked in this test');
  };

  /** Manual checkpoints by `<job id>/<trigger id>`; a test settles one by setting its `result`. */
  readonly checkpointTriggers = new FakeOperations<{ checkpointType: CheckpointType }, number>('checkpoint');
  /** Savepoints, and stops with a savepoint (`drain` set), by `<job id>/<trigger id>`. */
  readonly savepointTriggers = new FakeOperations<{ targetDirectory: string | undefined; cancelJob?: boolean; drain?: boolean }, string>('savepoint');
  /** Savepoint disposals by `/<trigger id>`. */
  readonly savepointDisposals = new FakeOperations<{ savepointPath: string }, null>('savepoint disposal');

  async triggerCheckpoint(key: JobOperationKey, checkpointType: CheckpointType): Promise<void> {
    this.check();
    this.checkpointTriggers.trigger(key, { checkpointType });
  }

  async getTriggeredCheckpointStatus(key: JobOperationKey): Promise<OperationResult<number>> {
    this.check();
    return this.checkpointTriggers.status(key);
  }

  async triggerSavepoint(key: JobOperationKey, targetDirectory: string | undefined, cancelJob: boolean): Promise<void> {
    this.check();
    this.savepointTriggers.trigger(key, { targetDirectory, cancelJob });
  }

  /** Resource requirement updates received, in order. */
  readonly requirementUpdates: { jobId: JobId; requirements: JobResourceRequirements }[] = [];
  /** When set, what `updateJobResourceRequirements` rejects with (the JobMaster's refusal). */
  requirementUpdateError?: SluiceError;

  async updateJobResourceRequirements(jobId: JobId, requirements: JobResourceRequirements): Promise<void> {
    await this.requestJob(jobId);
    if (this.requirementUpdateError) throw this.requirementUpdateError;
    this.requirementUpdates.push({ jobId, requirements });
  }

  async stopWithSavepoint(key: JobOperationKey, targetDirectory: string | undefined, drain: boolean): Promise<void> {
    this.check();
    this.savepointTriggers.trigger(key, { targetDirectory, drain });
  }

  async getTriggeredSavepointStatus(key: JobOperationKey): Promise<OperationResult<string>> {
    this.check();
    return this.savepointTriggers.status(key);
  }

  async disposeSavepoint(key: OperationKey, savepointPath: string): Promise<void> {
    this.check();
    this.savepointDisposals.trigger(key, { savepointPath });
  }

  async getSavepointDisposalStatus(key: OperationKey): Promise<OperationResult<null>> {
    this.check();
    return this.savepointDisposals.status(key);
  }

  requestJobResult: DispatcherGateway['requestJobResult'] = async () => {
    throw new Error('FakeDispatcher.requestJobResult is not faked');
  };

  /** What every TaskManager's `requestMetrics` answers. */
  taskManagerMetrics: MetricValue[] = [
    { id: 'Status.JVM.Memory.Heap.Used', value: 1000 },
    { id: 'Status.JVM.GarbageCollector.Scavenge.Count', value: 3 },
    { id: 'Status.JVM.GarbageCollector.Scavenge.Time', value: 7 },
  ];

  /** Answers `requestMetrics` of a known TaskManager; other queries are not faked here. */
  async queryTaskManager<Q extends ProcessInfoQuery>(resourceId: ResourceId, query: Q, _args: Parameters<ProcessInfoGateway[Q]>): ProcessInfoAnswer<Q> {
    this.check();
    if (!this.taskManagers.some((t) => t.resourceId === resourceId)) throw new SluiceError(ErrorCode.UNKNOWN_TASK_EXECUTOR, `Could not find TaskExecutor ${resourceId}.`, { kind: 'user' });
    if (query !== 'requestMetrics') throw new Error(`FakeDispatcher does not answer ${query}`);
    return this.taskManagerMetrics as Awaited<ProcessInfoAnswer<Q>>;
  }

  private check(): void {
    if (this.unreachable) throw new SluiceError(ErrorCode.RPC_UNREACHABLE, 'Dispatcher at 127.0.0.1:6123 is unreachable', { kind: 'external', retryable: true });
  }
}

/**
 * Packages whose content starts with "BAD" are invalid, and with "BUSY" find the plan extraction
 * pool full; entry class "Missing" does not exist.
 */
export class FakePackages implements JobPackageService {
  readonly described: string[] = [];
  readonly built: { path: string; name: string; blobKey: string; options: ProgramOptions }[] = [];

  async describe(packagePath: string): Promise<JobPackageDescription> {
    this.described.push(packagePath);
    const content = await readFile(packagePath, 'utf8');
    if (content.startsWith('BAD')) throw SluiceError.user(ErrorCode.INVALID_PACKAGE, 'Not a job package: no package.json manifest found');
    if (content.startsWith('BUSY')) throw new OverloadedError('Too many plan extraction requests (web.plan-extraction.queue-size).', 7);
    return { entries: [{ name: 'WordCount', description: 'Counts words' }, { name: 'Other', description: null }], defaultEntryClass: 'WordCount' };
  }

  /** While set, building a job graph waits for it (a main that takes its time). */
  hold?: Promise<void>;

  async createJobGraph(packagePath: string, packageName: string, blobKey: string, options: ProgramOptions): Promise<JobGraph> {
    this.built.push({ path: packagePath, name: packageName, blobKey, options });
    await this.hold;
    if (options.entryClass === 'Missing') throw SluiceError.user(ErrorCode.ENTRY_NOT_FOUND, "Entry class 'Missing' is not exported by the package");
    const jobId = options.jobId ?? newId();
    return {
      jobId,
      jobName: 'WordCount Example',
      jobType: 'STREAMING',
      vertices: [],
      maxParallelism: 128,
      fingerprint: 'f',
      plan: { jid: jobId, name: 'WordCount Example', type: 'STREAMING', nodes: [{ id: 'a'.repeat(32), parallelism: options.parallelism ?? 1, operator: '', operator_strategy: '', description: 'Source', inputs: [], optimizer_properties: {} }] },
      streamGraph: { pending_operators: 0, nodes: [] },
      program: { blobKey, packageName, entryClass: options.entryClass, args: options.args },
      config: options.config,
    };
  }
}

/** The submission check of savepoint paths: records the checked jobs; a path containing 'missing' is refused. */
export class FakeSnapshots {
  readonly checked: JobGraph[] = [];

  async check(jobGraph: JobGraph): Promise<void> {
    this.checked.push(jobGraph);
    const path = jobGraph.config['execution.savepoint.path'];
    if (path?.includes('missing')) throw SluiceError.user(ErrorCode.SNAPSHOT_NOT_RESTORABLE, `Cannot restore the job from snapshot '${path}': it does not exist`);
  }
}

/** A blob store that only hashes. */
export class FakeBlobs implements BlobService {
  readonly put: string[] = [];

  async putFile(path: string): Promise<string> {
    this.put.push(path);
    return createHash('sha256').update(await readFile(path)).digest('hex');
  }

  retain(): void {}
  release(): void {}
}

/** A REST server on fakes, with a fresh upload directory. */
export interface Harness {
  server: RestServer;
  dispatcher: FakeDispatcher;
  packages: FakePackages;
  blobs: FakeBlobs;
  snapshots: FakeSnapshots;
  uploadDir: string;
  /** Stops the server and removes the upload directory. */
  close(): Promise<void>;
}

/** Starts a harness; `config` entries override defaults, `uploadDir` reuses a directory. */
export async function startHarness(opts: { config?: Record<string, string>; uploadDir?: string } = {}): Promise<Harness> {
  const uploadDir = opts.uploadDir ?? join(await mkdtemp(join(tmpdir(), 'sluice-rest-')), 'uploads');
  const dispatcher = new FakeDispatcher();
  const packages = new FakePackages();
  const blobs = new FakeBlobs();
  const config = new Configuration(Object.entries(opts.config ?? {}));
  const snapshots = new FakeSnapshots();
  const server = await createRestServer({ dispatcher, packages, blobs, checkSnapshotRestore: (g) => snapshots.check(g), config, uploadDir });
  return {
    server, dispatcher, packages, blobs, snapshots, uploadDir,
    async close() {
      await server.close();
      if (!opts.uploadDir) await rm(join(uploadDir, '..'), { recursive: true, force: true });
    },
  };
}

/** Uploads `content` as a multipart file to a listening server. */
export async function upload(baseUrl: string, fileName: string, content: string | Uint8Array, field = 'jarfile'): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new FormData();
  form.append(field, new Blob([content]), fileName);
  const res = await fetch(`${baseUrl}/jars/upload`, { method: 'POST', body: form });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
