/**
 * Every configuration option Sluice reads, with Flink's keys and defaults. `/jobmanager/config`
 * and docs/configuration.md are generated from this list.
 */
import { boolOption, doubleOption, durationOption, enumOption, intOption, memoryOption, stringOption, type ConfigOption } from './config-option.js';

export const RestOptions = {
  PORT: intOption({ key: 'rest.port', defaultValue: 8081, min: 0, max: 65535, description: 'Port of the REST API and Web UI (0 picks a free port).' }),
  ADDRESS: stringOption({ key: 'rest.address', defaultValue: 'localhost', description: 'Address clients use to reach the REST API.' }),
  BIND_ADDRESS: stringOption({ key: 'rest.bind-address', defaultValue: '127.0.0.1', description: 'Address the REST server binds to.' }),
  MAX_CONTENT_LENGTH: memoryOption({ key: 'rest.server.max-content-length', defaultValue: 104_857_600, description: 'Largest request body the REST server accepts (JSON bodies).' }),
  ALLOWED_HOSTS: stringOption({ key: 'rest.allowed-hosts', defaultValue: '', description: 'Sluice only. Comma-separated host names (the `Host` header without its port) the REST server answers besides loopback names (`localhost`, `127.x.x.x`, `[::1]`) while it is bound to a loopback address; other `Host` headers get a 403, so a page whose DNS name was rebound to 127.0.0.1 cannot read the API. Bound to any other address, `Host` is not checked.' }),
  ASYNC_STORE_DURATION: durationOption({ key: 'rest.async.store-duration', defaultValue: 300_000, description: 'How long the result of an asynchronous operation (a manual checkpoint, a savepoint, a savepoint disposal) can be asked for after it completed. Sluice also keeps at most the newest 1000 results of each kind.' }),
  LOG_MAX_BYTES: memoryOption({ key: 'rest.log.max-bytes', defaultValue: 1024 ** 2, description: 'Most bytes of a log or .out file one request to the log endpoints (`/jobmanager/log`, `/taskmanagers/:id/stdout`, ...) returns: by default the end of the file; a `Range` header or `start`/`end`/`tail` parameters select another part, cut to this size. Sluice only; Flink sends whole files.' }),
};

export const WebOptions = {
  EXCEPTION_HISTORY_SIZE: intOption({ key: 'web.exception-history-size', defaultValue: 16, min: 1, description: 'How many failures a job\'s exception history keeps; older ones are dropped and `/jobs/:id/exceptions` says it is truncated.' }),
  UPLOAD_DIR: stringOption({ key: 'web.upload.dir', defaultValue: '', description: 'Directory for uploaded job packages (default: a folder under the JobManager working dir).' }),
  UPLOAD_MAX_SIZE: memoryOption({ key: 'web.upload.max-size', defaultValue: 104_857_600, description: 'Largest job package accepted by POST /jars/upload.' }),
  UPLOAD_MAX_JARS: intOption({ key: 'web.upload.max-jars', defaultValue: 100, min: 1, max: 1_000_000, description: 'Most uploaded job packages kept. An upload past it removes the least recently used package (uploaded, run or planned longest ago) that no running job was started from; if every package is in use, the upload is refused (409).' }),
  UPLOAD_MAX_TOTAL_SIZE: memoryOption({ key: 'web.upload.max-total-size', defaultValue: 2 * 1024 ** 3, description: 'Most bytes of uploaded job packages kept, all together; past it packages are removed as for `web.upload.max-jars`.' }),
  SUBMIT_ENABLE: boolOption({ key: 'web.submit.enable', defaultValue: true, description: 'Whether jobs can be uploaded and run through the REST API and the Web UI. When false, as in Flink, the jar routes (`/jars`, `/jars/upload`, `/jars/:jarid`, `/jars/:jarid/run`, `/jars/:jarid/plan`) do not exist (404) and the Web UI says submission is disabled.' }),
  CANCEL_ENABLE: boolOption({ key: 'web.cancel.enable', defaultValue: true, description: 'Whether jobs can be cancelled through the REST API and the Web UI. When false the cancel routes (`PATCH /jobs/:jobid`, `GET /jobs/:jobid/yarn-cancel`) do not exist (404) and the Web UI offers no Cancel button. Flink only hides its button and keeps the REST routes; Sluice makes the switch an access control.' }),
  ACCESS_CONTROL_ALLOW_ORIGIN: stringOption({ key: 'web.access-control-allow-origin', defaultValue: '', description: 'Comma-separated origins (`https://ui.example.com`) whose web pages may call the REST API: they get CORS headers, and their POST/PUT/PATCH/DELETE requests are accepted. A state-changing request with an `Origin` that is neither the server\'s own nor listed is refused (403), so a page the user opens cannot upload and run code on the cluster. `*` allows every origin (Flink\'s default, which Sluice does not share for that reason). Requests without `Origin` (curl, the CLI, Flink\'s RestClient) are not affected.' }),
  CHECKPOINTS_HISTORY_SIZE: intOption({ key: 'web.checkpoints.history', defaultValue: 10, min: 1, max: 1_000_000, description: 'How many recent checkpoints (completed, failed or in progress) `/jobs/:id/checkpoints` lists in its history.' }),
  REFRESH_INTERVAL: durationOption({ key: 'web.refresh-interval', defaultValue: 3000, description: 'Refresh interval of the Web UI.' }),
  PLAN_EXTRACTION_TIMEOUT: durationOption({ key: 'web.plan-extraction.timeout', defaultValue: 30_000, description: 'How long a job\'s main may run to build its plan.' }),
  PLAN_EXTRACTION_MEMORY: memoryOption({ key: 'web.plan-extraction.memory', defaultValue: 256 * 1024 ** 2, description: 'Heap limit of the child process that runs a job\'s main for plan extraction.' }),
  PLAN_EXTRACTION_POOL_SIZE: intOption({ key: 'web.plan-extraction.pool-size', defaultValue: 0, min: 0, max: 1024, description: 'Most plan extraction child processes alive at once (0: the number of CPU cores, `os.availableParallelism()`). Each runs one request (a jar run or plan, or listing the entry points of an upload); the one child started ahead of the next request counts too.' }),
  PLAN_EXTRACTION_QUEUE_SIZE: intOption({ key: 'web.plan-extraction.queue-size', defaultValue: 100, min: 0, max: 1_000_000, description: 'Requests that wait for a plan extraction child when all of `web.plan-extraction.pool-size` are busy; beyond it a request is answered 429 Too Many Requests with `Retry-After`.' }),
};

export const JobManagerOptions = {
  RPC_ADDRESS: stringOption({ key: 'jobmanager.rpc.address', defaultValue: 'localhost', description: 'Address TaskManagers and clients use to reach the JobManager RPC endpoint.' }),
  RPC_PORT: intOption({ key: 'jobmanager.rpc.port', defaultValue: 6123, min: 0, max: 65535, description: 'Port of the JobManager RPC endpoint (0 picks a free port).' }),
  BIND_HOST: stringOption({ key: 'jobmanager.bind-host', defaultValue: '127.0.0.1', description: 'Address the JobManager RPC server binds to.' }),
  WORK_DIR: stringOption({ key: 'jobmanager.work.dir', defaultValue: '', description: 'Working directory of the JobManager (blobs, uploads); default: a fresh temp dir.' }),
  JOBSTORE_EXPIRATION: durationOption({ key: 'jobstore.expiration-time', defaultValue: 3_600_000, description: 'How long finished jobs stay queryable.' }),
};

export const TaskManagerOptions = {
  NUM_TASK_SLOTS: intOption({ key: 'taskmanager.numberOfTaskSlots', defaultValue: 1, min: 1, max: 1024, description: 'Number of task slots of a TaskManager.' }),
  HOST: stringOption({ key: 'taskmanager.host', defaultValue: 'localhost', description: 'Address other processes use to reach this TaskManager.' }),
  BIND_HOST: stringOption({ key: 'taskmanager.bind-host', defaultValue: '127.0.0.1', description: 'Address the TaskManager servers bind to.' }),
  RPC_PORT: intOption({ key: 'taskmanager.rpc.port', defaultValue: 0, min: 0, max: 65535, description: 'Port of the TaskManager RPC endpoint (0 picks a free port).' }),
  DATA_PORT: intOption({ key: 'taskmanager.data.port', defaultValue: 0, min: 0, max: 65535, description: 'Port of the TaskManager data-plane server (0 picks a free port).' }),
  RESOURCE_ID: stringOption({ key: 'taskmanager.resource-id', defaultValue: '', description: 'Id of the TaskManager (default: random).' }),
  REGISTRATION_TIMEOUT: durationOption({ key: 'taskmanager.registration.timeout', defaultValue: 300_000, description: 'How long a TaskManager keeps trying to register before it gives up.' }),
  TASK_YOUNG_GENERATION_SIZE: memoryOption({ key: 'taskmanager.memory.task.young-generation-size', defaultValue: 96 * 1024 ** 2, description: 'Young-generation heap of each slot\'s task worker thread. Records are short-lived objects; a larger young generation keeps batches in flight from being promoted to the old generation (measured: WordCount runs ~1.5x faster at 96 mb than at V8\'s default).' }),
  BLOB_CLEANUP_INTERVAL: durationOption({ key: 'blob.service.cleanup.interval', defaultValue: 3_600_000, bareUnit: 's', description: 'How long a TaskManager keeps a job package it no longer runs (a plain number is seconds, as in Flink), so jobs resubmitted from the same package start without fetching it again.' }),
  TASK_HEAP_SIZE: memoryOption({ key: 'taskmanager.memory.task.heap.size', defaultValue: 0, description: 'Old-generation heap limit of each slot\'s task worker thread (0: V8\'s default). A task that runs out of it fails (its worker ends with ERR_WORKER_OUT_OF_MEMORY); the TaskManager keeps running. `/taskmanagers` reports it times the number of slots as `hardware.freeMemory` (the heap tasks may use).' }),
  NETWORK_PROBE_INTERVAL: intOption({ key: 'taskmanager.network.probe-interval', defaultValue: 0, min: 0, max: 1_000_000_000, description: 'Diagnostic, read from the job\'s configuration (e.g. `flinkConfiguration`): every task sends a probe event on each output channel after every this many records of that channel, and the receiving task checks that each probe arrives once, in order, after exactly the records sent before it; a mismatch fails the task (`NETWORK_PROBE_MISMATCH`). Each task logs on its TaskManager how many probes it checked. 0: off, at no cost.' }),
  WORK_DIR: stringOption({ key: 'taskmanager.work.dir', defaultValue: '', description: 'Working directory of the TaskManager (blob cache); default: a fresh temp dir.' }),
};

export const CoreOptions = {
  DEFAULT_PARALLELISM: intOption({ key: 'parallelism.default', defaultValue: 1, min: 1, max: 32768, description: 'Parallelism of jobs and operators that set none.' }),
  PARALLELISM_OVERRIDES: stringOption({ key: 'pipeline.jobvertex-parallelism-overrides', defaultValue: '', description: 'Parallelism of job vertices by id, overriding the program\'s (`<job vertex id>:<parallelism>,...`), read from the job\'s configuration. A rescale (`PUT /jobs/:jobid/resource-requirements`, `sluice rescale`) sets it on the job it rescales; operators chain as the program says either way.' }),
  MAX_PARALLELISM: intOption({ key: 'pipeline.max-parallelism', defaultValue: 128, min: 1, max: 32768, description: 'Default number of key groups (max parallelism).' }),
  OBJECT_REUSE: boolOption({ key: 'pipeline.object-reuse', defaultValue: false, notYetActedOn: true, description: 'Whether records may be passed between operators without copies. Sluice always passes records by reference between chained operators (as Flink with object reuse on), whatever this says; `/jobs/:id/config` reports `object-reuse-mode: true`. README.md, *What a user function may mutate*, says what follows.' }),
  BUFFER_TIMEOUT: durationOption({ key: 'execution.buffer-timeout.interval', defaultValue: 100, description: 'Longest time a partly filled output batch waits before it is sent.', fallbackKeys: ['execution.buffer-timeout'] }),
  LOG_LEVEL: enumOption({ key: 'sluice.log.level', defaultValue: 'info', values: ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const, description: 'Log level of Sluice processes.' }),
  LOG_DIR: stringOption({ key: 'env.log.dir', defaultValue: '', description: 'Directory of the JobManager\'s and TaskManagers\' log and .out files (`sluice-<user>-<jobmanager|taskmanager>-<n>-<host>.log`/`.out`, in the foreground too) and of start-cluster\'s pid files; default: `log` in the working directory.' }),
  LOG_MAX: intOption({ key: 'env.log.max', defaultValue: 10, min: 0, max: 1000, description: 'How many earlier log and .out files of a process name are kept (`.log.1` is the newest) when a process starts.' }),
};

export const HeartbeatOptions = {
  INTERVAL: durationOption({ key: 'heartbeat.interval', defaultValue: 10_000, description: 'Time between heartbeats (larger than 0).' }),
  TIMEOUT: durationOption({ key: 'heartbeat.timeout', defaultValue: 50_000, description: 'Time without a heartbeat after which a peer is considered lost (at least heartbeat.interval).' }),
  RPC_FAILURE_THRESHOLD: intOption({ key: 'heartbeat.rpc-failure-threshold', defaultValue: 2, min: -1, max: 1_000_000, description: 'Consecutive heartbeat RPCs that fail (the peer refuses or drops the connection) after which the peer is considered lost without waiting for heartbeat.timeout (larger than 0); -1 turns this off.' }),
};

/**
 * Flink's checkpoint keys. A job's `flinkConfiguration` (and its program's `enableCheckpointing` /
 * `getCheckpointConfig()`) overrides the cluster's; the JobMaster checks them at submission.
 */
/** Flink's lower bound for `execution.checkpointing.interval` (CheckpointCoordinatorConfiguration). */
export const MIN_CHECKPOINT_INTERVAL_MS = 10;

/** The values of `state.backend.type`. */
export const STATE_BACKEND_TYPES = ['hashmap', 'rocksdb'] as const;
export type StateBackendType = (typeof STATE_BACKEND_TYPES)[number];

export const CheckpointingOptions = {
  INTERVAL: durationOption({ key: 'execution.checkpointing.interval', defaultValue: 0, description: 'Checkpoint interval of a job (set by enableCheckpointing); 0: checkpointing off, otherwise at least 10 ms. The JobMaster triggers the first checkpoint one interval after every task runs. A checkpointing job restarts from its latest completed checkpoint, and exponential-delay is its default restart strategy, as in Flink.' }),
  MODE: enumOption({ key: 'execution.checkpointing.mode', defaultValue: 'EXACTLY_ONCE', values: ['EXACTLY_ONCE', 'AT_LEAST_ONCE'] as const, description: 'Checkpointing guarantee: EXACTLY_ONCE aligns the barriers of a task\'s inputs, AT_LEAST_ONCE does not wait for them.' }),
  TIMEOUT: durationOption({ key: 'execution.checkpointing.timeout', defaultValue: 600_000, description: 'Time after which a checkpoint in progress is aborted (counted as a failed checkpoint); more than 0.' }),
  MIN_PAUSE: durationOption({ key: 'execution.checkpointing.min-pause', defaultValue: 0, description: 'Least time between the end of one checkpoint and the start of the next; more than 0 also means one checkpoint at a time.' }),
  MAX_CONCURRENT: intOption({ key: 'execution.checkpointing.max-concurrent-checkpoints', defaultValue: 1, min: 1, max: 2_147_483_647, description: 'Checkpoints that may be in progress at once.' }),
  TOLERABLE_FAILURES: intOption({ key: 'execution.checkpointing.tolerable-failed-checkpoints', defaultValue: 0, min: 0, max: 2_147_483_647, description: 'Consecutive failed checkpoints (declined, expired, or not written) tolerated; one more fails the job through its restart strategy ("Exceeded checkpoint tolerable failure threshold").' }),
  UNALIGNED: boolOption({ key: 'execution.checkpointing.unaligned.enabled', defaultValue: false, fallbackKeys: ['execution.checkpointing.unaligned'], notYetActedOn: true, description: 'Whether checkpoints are unaligned (Sluice aligns them).' }),
  EXTERNALIZED_RETENTION: enumOption({ key: 'execution.checkpointing.externalized-checkpoint-retention', defaultValue: 'DELETE_ON_CANCELLATION', values: ['DELETE_ON_CANCELLATION', 'RETAIN_ON_CANCELLATION', 'NO_EXTERNALIZED_CHECKPOINTS'] as const, description: 'What happens to the retained checkpoints when the job ends. FINISHED deletes them always; CANCELED deletes them unless RETAIN_ON_CANCELLATION; FAILED keeps them, except with Flink 1.x\'s NO_EXTERNALIZED_CHECKPOINTS, which deletes them whenever the job ends.' }),
  NUM_RETAINED: intOption({ key: 'execution.checkpointing.num-retained', defaultValue: 1, min: 1, max: 2_147_483_647, fallbackKeys: ['state.checkpoints.num-retained'], description: 'Completed checkpoints kept; the directory of an older one is deleted when a new one completes. A restart skips a damaged checkpoint for the one before it, so with 1 a damaged checkpoint fails the job.' }),
  DIRECTORY: stringOption({ key: 'execution.checkpointing.dir', defaultValue: '', fallbackKeys: ['state.checkpoints.dir'], description: 'Directory of checkpoints: `<dir>/<job id>/chk-<id>/` holds the state file of every subtask with state and `_metadata`. The JobManager and every TaskManager must reach it (a shared filesystem when they run on several hosts). Unset: `sluice-checkpoints` in the JobManager\'s temporary directory (`os.tmpdir()`), which only works when all processes run on one host.' }),
  SAVEPOINT_DIRECTORY: stringOption({ key: 'execution.checkpointing.savepoint-dir', defaultValue: '', fallbackKeys: ['state.savepoints.dir'], description: 'Default directory of savepoints (`<dir>/savepoint-<job id prefix>-<random>/`), used when a savepoint request names none. Only the JobManager writes there: the tasks write their state into the checkpoint directory and the JobManager copies it into the savepoint.' }),
  STATE_BACKEND: enumOption({ key: 'state.backend.type', defaultValue: 'hashmap', values: STATE_BACKEND_TYPES, fallbackKeys: ['state.backend'], description: 'Keyed state backend of the state of user functions (ValueState, ListState, MapState, ReducingState): `hashmap` keeps it on the heap of the task worker; `rocksdb` in an embedded RocksDB database per keyed operator subtask under `taskmanager.work.dir`, so it can outgrow the heap (needs the npm package @nxtedition/rocksdb). Both write the same checkpoints and savepoints, so a job can switch between them on restore. Keyed reduce and aggregations (`sum`, `min`, ...) keep their values on the heap either way.' }),
  INCREMENTAL: boolOption({ key: 'state.backend.incremental', defaultValue: false, description: 'Whether checkpoints of the rocksdb state backend write only what changed since the last completed one (a delta file in `<checkpoint dir>/<job id>/shared/`, chained to the files of earlier checkpoints); a full file after 10 deltas or once the deltas outgrew it. Savepoints are always full. The hashmap backend\'s checkpoints are always full.' }),
};

/** Starting a job from a savepoint or retained checkpoint (Flink 2's execution.state-recovery.*, 1.x names as fallbacks); read from the job's own configuration. */
export const StateRecoveryOptions = {
  PATH: stringOption({ key: 'execution.state-recovery.path', defaultValue: '', fallbackKeys: ['execution.savepoint.path'], description: 'Snapshot (savepoint or retained checkpoint: its directory or its `_metadata` file) the job starts from; its state is matched to the job\'s operators by operator id (`uid`). Set by `savepointPath` of a run request and `sluice run -s`.' }),
  IGNORE_UNCLAIMED_STATE: boolOption({ key: 'execution.state-recovery.ignore-unclaimed-state', defaultValue: false, fallbackKeys: ['execution.savepoint.ignore-unclaimed-state'], description: 'Whether the job may start from a snapshot holding state of an operator it no longer has (that state is dropped); otherwise it is refused naming the operator.' }),
  CLAIM_MODE: enumOption({ key: 'execution.state-recovery.claim-mode', defaultValue: 'NO_CLAIM', values: ['NO_CLAIM', 'CLAIM'] as const, fallbackKeys: ['execution.savepoint-restore-mode'], description: 'Who owns the snapshot a job starts from: NO_CLAIM, the user (Sluice never modifies or deletes it), or CLAIM, the job (it deletes it once its own checkpoints subsume it). Flink\'s LEGACY is not supported.' }),
};

export const TaskOptions = {
  WATCHDOG_TIMEOUT: durationOption({ key: 'task.watchdog.timeout', defaultValue: 60_000, description: 'A task worker thread that has not been able to answer for this long (a user function blocks its event loop) is terminated and its tasks fail (0: never).' }),
  CANCELLATION_TIMEOUT: durationOption({ key: 'task.cancellation.timeout', defaultValue: 180_000, description: 'How long a cancelled task may take to stop before its worker thread is terminated (0: never).' }),
};

/** Flink's restart strategies (restart-strategy.*); a job's flinkConfiguration overrides the cluster's. */
export const RestartStrategyOptions = {
  TYPE: enumOption({
    key: 'restart-strategy.type',
    defaultValue: 'default',
    values: ['default', 'none', 'off', 'disable', 'fixed-delay', 'fixeddelay', 'exponential-delay', 'exponentialdelay', 'failure-rate', 'failurerate'] as const,
    fallbackKeys: ['restart-strategy'],
    description: 'How a failed job restarts. Unset (default): exponential-delay when the job has checkpointing enabled, none otherwise.',
  }),
  FIXED_DELAY_ATTEMPTS: intOption({ key: 'restart-strategy.fixed-delay.attempts', defaultValue: 1, min: 0, max: 2_147_483_647, description: 'fixed-delay: restarts before the job fails.' }),
  FIXED_DELAY_DELAY: durationOption({ key: 'restart-strategy.fixed-delay.delay', defaultValue: 1000, description: 'fixed-delay: time between a failure and the restart.' }),
  FAILURE_RATE_MAX_FAILURES: intOption({ key: 'restart-strategy.failure-rate.max-failures-per-interval', defaultValue: 1, min: 1, max: 2_147_483_647, description: 'failure-rate: restarts allowed within one failure-rate-interval before the job fails.' }),
  FAILURE_RATE_INTERVAL: durationOption({ key: 'restart-strategy.failure-rate.failure-rate-interval', defaultValue: 60_000, description: 'failure-rate: the window in which failures are counted.' }),
  FAILURE_RATE_DELAY: durationOption({ key: 'restart-strategy.failure-rate.delay', defaultValue: 1000, description: 'failure-rate: time between a failure and the restart.' }),
  EXPONENTIAL_INITIAL_BACKOFF: durationOption({ key: 'restart-strategy.exponential-delay.initial-backoff', defaultValue: 1000, description: 'exponential-delay: delay of the first restart.' }),
  EXPONENTIAL_MAX_BACKOFF: durationOption({ key: 'restart-strategy.exponential-delay.max-backoff', defaultValue: 60_000, description: 'exponential-delay: the longest delay.' }),
  EXPONENTIAL_MULTIPLIER: doubleOption({ key: 'restart-strategy.exponential-delay.backoff-multiplier', defaultValue: 1.5, min: 1, description: 'exponential-delay: factor by which the delay grows after each failure.' }),
  EXPONENTIAL_RESET_THRESHOLD: durationOption({ key: 'restart-strategy.exponential-delay.reset-backoff-threshold', defaultValue: 3_600_000, description: 'exponential-delay: after this long without a failure the delay starts over from initial-backoff.' }),
  EXPONENTIAL_JITTER: doubleOption({ key: 'restart-strategy.exponential-delay.jitter-factor', defaultValue: 0.1, min: 0, max: 1, description: 'exponential-delay: random share of the delay added or taken off, so jobs do not restart in lockstep.' }),
  EXPONENTIAL_ATTEMPTS: intOption({ key: 'restart-strategy.exponential-delay.attempts-before-reset-backoff', defaultValue: 2_147_483_647, min: 1, max: 2_147_483_647, description: 'exponential-delay: restarts before the job fails (counted until the backoff resets).' }),
};

export const ResourceManagerOptions = {
  EVENLY_SPREAD_OUT_SLOTS: boolOption({ key: 'cluster.evenly-spread-out-slots', defaultValue: false, description: 'Spread slots evenly across TaskManagers instead of filling one first.' }),
  SLOT_REQUEST_TIMEOUT: durationOption({ key: 'slot.request.timeout', defaultValue: 300_000, description: 'How long a job waits for its slots; then it fails, or restarts if its restart strategy allows.' }),
};

/** Log URLs of `/jobs/:jobid/jobmanager/log-url` and `/jobs/:jobid/taskmanagers/:id/log-url`, as Flink builds them for its HistoryServer. */
export const HistoryServerOptions = {
  JOBMANAGER_LOG_URL_PATTERN: stringOption({ key: 'historyserver.log.jobmanager.url-pattern', defaultValue: '', description: 'Pattern of the log URL of the JobManager; `<jobid>` is replaced by the job id. Only http and https URLs are used; unset, the log-url endpoint answers 404.' }),
  TASKMANAGER_LOG_URL_PATTERN: stringOption({ key: 'historyserver.log.taskmanager.url-pattern', defaultValue: '', description: 'Pattern of the log URL of a TaskManager; `<jobid>` and `<tmid>` are replaced by the job and TaskManager ids. Only http and https URLs are used; unset, the log-url endpoint answers 404.' }),
};

export const HighAvailabilityOptions = {
  TYPE: enumOption({ key: 'high-availability.type', defaultValue: 'none', values: ['none', 'zookeeper'] as const, fallbackKeys: ['high-availability'], notYetActedOn: true, description: 'High availability mode. Sluice runs one JobManager without high availability yet.' }),
  STORAGE_DIR: stringOption({ key: 'high-availability.storageDir', defaultValue: '', notYetActedOn: true, description: 'Directory of the job graphs, packages and results that high availability recovers from.' }),
  ZOOKEEPER_QUORUM: stringOption({ key: 'high-availability.zookeeper.quorum', defaultValue: '', notYetActedOn: true, description: 'ZooKeeper servers (host:port,...) of high availability.' }),
  CLUSTER_ID: stringOption({ key: 'high-availability.cluster-id', defaultValue: '/default', notYetActedOn: true, description: 'Id of the cluster in ZooKeeper and in the storage directory.' }),
};

/** All options, for `/jobmanager/config` and the generated docs. */
export const ALL_OPTIONS: readonly ConfigOption<unknown>[] = [
  RestOptions, WebOptions, JobManagerOptions, TaskManagerOptions, CoreOptions, CheckpointingOptions, StateRecoveryOptions, HeartbeatOptions, TaskOptions, RestartStrategyOptions, ResourceManagerOptions, HistoryServerOptions, HighAvailabilityOptions,
].flatMap((group) => Object.values(group) as ConfigOption<unknown>[]);
