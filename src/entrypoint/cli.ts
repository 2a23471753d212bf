/**
 * The `sluice` command line: process mains (`jobmanager`, `taskmanager`), cluster scripts
 * (`start-cluster`, `stop-cluster`, `start-local`), job packaging, running programs on a cluster
 * over REST (`run`) or locally (`run --local`), and managing a cluster over REST (`list`,
 * `cancel`, `stop`, `rescale`, `checkpoint`, `savepoint`, `jars`, `upload`, `delete-jar`, `info`).
 * Errors end the process with a message and a non-zero exit code; nothing else here exits.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { join, resolve } from 'node:path';
import { CoreOptions, RestOptions } from '../common/config/options.js';
import { errorMessage } from '../common/errors.js';
import type { Configuration } from '../common/config/configuration.js';
import { createLogger, type Logger } from '../common/log.js';
import { claimProcessLogFiles, teeOutputToFile, type ProcessLogFiles, type ProcessRole } from '../common/process-info/process-log-files.js';
import { RestClusterClient, describeJars, describeJobs, describePlan, disposeSavepoint, rescaleJob, runOnCluster, stopWithSavepoint, triggerCheckpoint, triggerSavepoint, type JobListing } from '../client/index.js';
import { perJobCluster, runLocalProgram } from '../minicluster/index.js';
import { packageJob } from '../program/index.js';
import { loadConfiguration } from './load-configuration.js';
import { rewriteTwoLetterFlags } from './two-letter-flags.js';
import { startJobManager } from './job-manager-process.js';
import { startTaskManager } from './task-manager-components.js';
import { reportJobManagerReady, spawnSluice, stopByPidFiles, writePidFile, type JobManagerReady } from './process-control.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

/** Flink's `-rm claim|no_claim` (any case); Flink's deprecated LEGACY is not supported. */
function restoreMode(value: string): 'CLAIM' | 'NO_CLAIM' {
  const mode = value.toUpperCase();
  if (mode !== 'CLAIM' && mode !== 'NO_CLAIM') throw new InvalidArgumentError('expected claim or no_claim');
  return mode;
}

function withConfigOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('-D, --dynamic <key=value>', 'override a configuration option (repeatable)').argParser(collect).default([]))
    .option('--config-dir <dir>', 'directory holding config.yaml (default: $SLUICE_CONF_DIR or the package\'s conf/)');
}

interface ConfigFlags {
  dynamic: string[];
  configDir?: string;
}

interface RunFlags {
  local?: boolean;
  class?: string;
  parallelism?: number;
  jobmanager?: string;
  jobId?: string;
  detached?: boolean;
  fromSavepoint?: string;
  allowNonRestoredState?: boolean;
  restoreMode?: 'CLAIM' | 'NO_CLAIM';
}

/** Runs `stop` on SIGINT/SIGTERM, once, then lets the process end. */
function onShutdownSignal(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (): void => {
    if (stopping) return;
    stopping = true;
    stop().catch((err: unknown) => {
      console.error(errorMessage(err));
      process.exitCode = 1;
    }).finally(() => process.exit());
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

function logDir(config: Configuration): string {
  return resolve(config.get(CoreOptions.LOG_DIR) || 'log');
}

/**
 * Sets up a cluster process's output: its log and .out files in env.log.dir (stdout and stderr
 * still reach the terminal too), and the root logger writing to stderr and the log file, whose
 * first lines warn about keys the configuration sets that Sluice does not act on yet.
 */
function processOutput(config: Configuration, role: ProcessRole): { logFiles: ProcessLogFiles; log: Logger } {
  const logFiles = claimProcessLogFiles(logDir(config), role, config.get(CoreOptions.LOG_MAX));
  teeOutputToFile(join(logFiles.dir, logFiles.outFile));
  // Node prints an uncaught exception straight to fd 2, which a background daemon does not have
  // (start-cluster ignores its stdio): print it through process.stderr, so the .out file keeps
  // it, then end as Node would.
  process.on('uncaughtException', (err) => {
    process.stderr.write(`Uncaught exception: ${err.stack ?? String(err)}\n`);
    process.exit(1);
  });
  const log = createLogger(role, config.get(CoreOptions.LOG_LEVEL), join(logFiles.dir, logFiles.logFile));
  for (const warning of config.notYetActedOnWarnings()) log.warn(warning);
  return { logFiles, log };
}

function configArgs(flags: ConfigFlags): string[] {
  return [...flags.dynamic.flatMap((d) => ['-D', d]), ...(flags.configDir ? ['--config-dir', flags.configDir] : [])];
}

// Positional options let `run` pass everything after the job file to the program untouched.
const program = new Command('sluice').description('Sluice: a Flink-style session cluster for TypeScript').showHelpAfterError().enablePositionalOptions();

withConfigOptions(program.command('jobmanager').description('run a JobManager in the foreground'))
  .action(async (flags: ConfigFlags) => {
    const config = loadConfiguration(flags.configDir, flags.dynamic);
    const { logFiles, log } = processOutput(config, 'jobmanager');
    const jm = await startJobManager(config, log, logFiles);
    onShutdownSignal(() => jm.stop());
    reportJobManagerReady({ restPort: jm.restPort });
  });

withConfigOptions(program.command('taskmanager').description('run a TaskManager in the foreground'))
  .action(async (flags: ConfigFlags) => {
    const config = loadConfiguration(flags.configDir, flags.dynamic);
    const { logFiles, log } = processOutput(config, 'taskmanager');
    const tm = await startTaskManager(config, log, logFiles);
    onShutdownSignal(() => tm.stop());
  });

withConfigOptions(program.command('start-cluster').description('start a JobManager and TaskManagers in the background'))
  .option('--taskmanagers <n>', 'number of TaskManagers', (v) => Number.parseInt(v, 10), 1)
  .action((flags: ConfigFlags & { taskmanagers: number }) => {
    const config = loadConfiguration(flags.configDir, flags.dynamic);
    const dir = logDir(config);
    const jm = spawnSluice(['jobmanager', ...configArgs(flags)], { detached: true });
    writePidFile(dir, 'jobmanager', jm.pid!);
    console.log(`Starting JobManager (pid ${jm.pid})`);
    for (let i = 0; i < flags.taskmanagers; i++) {
      const tm = spawnSluice(['taskmanager', ...configArgs(flags)], { detached: true });
      writePidFile(dir, `taskmanager-${i}`, tm.pid!);
      console.log(`Starting TaskManager ${i} (pid ${tm.pid})`);
    }
    console.log(`Logs and stdout (.log, .out) in ${dir}`);
    console.log(`REST API and Web UI: http://${config.get(RestOptions.ADDRESS)}:${config.get(RestOptions.PORT)}`);
  });

withConfigOptions(program.command('stop-cluster').description('stop the processes started by start-cluster'))
  .action(async (flags: ConfigFlags) => {
    const stopped = await stopByPidFiles(logDir(loadConfiguration(flags.configDir, flags.dynamic)));
    console.log(stopped.length ? `Stopped ${stopped.join(', ')}` : 'No Sluice processes to stop');
  });

withConfigOptions(program.command('start-local').description('run a JobManager and one TaskManager in the foreground; Ctrl-C stops both'))
  .action((flags: ConfigFlags) => {
    const config = loadConfiguration(flags.configDir, flags.dynamic);
    const jobManager = spawnSluice(['jobmanager', ...configArgs(flags)], { detached: false, ipc: true });
    const children = [jobManager, spawnSluice(['taskmanager', ...configArgs(flags)], { detached: false })];
    // Printed once the JobManager listens: one that cannot (a port is taken) says why and ends this.
    jobManager.once('message', (ready: JobManagerReady) => {
      console.log(`Sluice local cluster: REST API and Web UI at http://${config.get(RestOptions.ADDRESS)}:${ready.restPort} (Ctrl-C stops it)`);
    });
    let exited = 0;
    let stopping = false;
    for (const c of children) {
      c.on('exit', (code) => {
        // The first process to end on its own ends the local cluster, with its failure.
        if (!stopping && code !== 0) process.exitCode = code ?? 1;
        stopping = true;
        if (++exited === children.length) process.exit();
        for (const other of children) if (other.exitCode === null && other.signalCode === null) other.kill('SIGTERM');
      });
    }
    const stop = (): void => {
      stopping = true;
      for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

const runCommand = withConfigOptions(program.command('run').description('submit a job program to a running cluster over REST and follow it; with --local, run it in this process on an embedded mini cluster'))
  .argument('<job>', "the job: an entry file (.ts/.js) or a job package (.jar/.zip)")
  .argument('[args...]', 'arguments of the program (everything after <job>)')
  .option('--local', 'run each job on a mini cluster in this process; printed output appears here')
  .option('-c, --class <entryClass>', "the entry point (default: the package manifest's, else the module's main)")
  .option('-p, --parallelism <n>', 'default parallelism of the jobs', positiveInteger)
  .option('-m, --jobmanager <host:port>', 'REST address of the JobManager to submit to (default: rest.address:rest.port)')
  .option('--job-id <id>', 'the job id to submit with (32 hex characters)')
  .option('-d, --detached', 'return once the job is submitted instead of following it')
  .option('-s, --fromSavepoint <savepointPath>', 'path to a savepoint to restore the job from')
  .option('-n, --allowNonRestoredState', 'skip savepoint state that cannot be mapped to the new program')
  .option('--restoreMode <mode>', 'who owns the savepoint: no_claim (default; the user, it is never modified) or claim (the job); also -rm', restoreMode)
  .passThroughOptions()
  .action(async (job: string, args: string[], flags: ConfigFlags & RunFlags) => {
    const config = loadConfiguration(flags.configDir, flags.dynamic);
    if (flags.local) {
      if (flags.fromSavepoint !== undefined) throw new Error('--local does not restore savepoints yet: submit the job to a cluster to run it with -s');
      await runLocalProgram({ jobFile: job, entryClass: flags.class, args, parallelism: flags.parallelism, clusters: perJobCluster(config) });
      return;
    }
    const jobManager = flags.jobmanager ?? `${config.get(RestOptions.ADDRESS)}:${config.get(RestOptions.PORT)}`;
    await runOnCluster({
      jobManager, jobFile: job, entryClass: flags.class, args, parallelism: flags.parallelism, jobId: flags.jobId, detached: flags.detached,
      savepointPath: flags.fromSavepoint, allowNonRestoredState: flags.allowNonRestoredState, restoreMode: flags.restoreMode,
    }, (line) => console.log(line));
  });

interface ClientFlags extends ConfigFlags {
  jobmanager?: string;
}

/** A REST client for `-m host:port`, else the configured rest.address:rest.port. */
function restClient(flags: ClientFlags): RestClusterClient {
  const config = loadConfiguration(flags.configDir, flags.dynamic);
  return new RestClusterClient(flags.jobmanager ?? `${config.get(RestOptions.ADDRESS)}:${config.get(RestOptions.PORT)}`);
}

/** A command that talks to a cluster's REST API. */
function clientCommand(name: string, description: string): Command {
  return withConfigOptions(program.command(name).description(description))
    .option('-m, --jobmanager <host:port>', 'REST address of the JobManager (default: rest.address:rest.port)');
}

clientCommand('list', 'list the jobs of a cluster: running and scheduled ones, or with --all every job it still knows')
  .option('-r, --running', 'only running (and restarting) jobs')
  .option('-a, --all', 'also finished, failed and cancelled jobs')
  .action(async (flags: ClientFlags & { running?: boolean; all?: boolean }) => {
    const listing: JobListing = flags.all ? 'all' : flags.running ? 'running' : 'default';
    console.log(describeJobs(await restClient(flags).listJobs(), listing));
  });

clientCommand('cancel', 'cancel a running job')
  .argument('<jobid>', 'the job to cancel')
  .action(async (jobId: string, flags: ClientFlags) => {
    console.log(`Cancelling job ${jobId}.`);
    await restClient(flags).cancelJob(jobId);
    console.log(`Cancelled job ${jobId}.`);
  });

clientCommand('checkpoint', 'trigger a checkpoint of a running job and wait until it completed')
  .argument('<jobid>', 'the job to checkpoint')
  .option('--full', 'take a full checkpoint (every Sluice checkpoint is full; Flink\'s -full)')
  .action(async (jobId: string, flags: ClientFlags & { full?: boolean }) => {
    console.log(`Triggering checkpoint for job ${jobId}.`);
    const checkpointId = await triggerCheckpoint(restClient(flags), jobId, flags.full === true);
    console.log(`Checkpoint ${checkpointId} for job ${jobId} completed.`);
  });

clientCommand('savepoint', 'take a savepoint of a running job and wait until it completed, or with -d delete a savepoint')
  .argument('[jobid]', 'the job to take a savepoint of')
  .argument('[targetDirectory]', 'where the savepoint goes (default: execution.checkpointing.savepoint-dir of the cluster)')
  .option('-d, --dispose <savepointPath>', 'delete the savepoint in this directory')
  .action(async (jobId: string | undefined, targetDirectory: string | undefined, flags: ClientFlags & { dispose?: string }, command: Command) => {
    if (flags.dispose !== undefined) {
      if (jobId !== undefined) command.error('sluice savepoint: -d <savepointPath> takes no job id');
      console.log(`Disposing savepoint '${flags.dispose}'.`);
      await disposeSavepoint(restClient(flags), flags.dispose);
      console.log(`Savepoint '${flags.dispose}' disposed.`);
      return;
    }
    if (jobId === undefined) command.error('sluice savepoint: missing the job id (sluice savepoint <jobid> [targetDirectory], or -d <savepointPath>)');
    console.log(`Triggering savepoint for job ${jobId}.`);
    console.log('Waiting for response...');
    const path = await triggerSavepoint(restClient(flags), jobId, targetDirectory);
    console.log(`Savepoint completed. Path: ${path}`);
    console.log('You can resume your program from this savepoint with the run command.');
  });

clientCommand('stop', 'stop a running job with a savepoint and wait until it finished')
  .argument('<jobid>', 'the job to stop')
  .option('-p, --savepointPath <savepointPath>', 'where the savepoint goes (default: execution.checkpointing.savepoint-dir of the cluster)')
  .option('-d, --drain', 'end the sources as if exhausted, so every operator finishes and flushes what it holds, before the job stops')
  .action(async (jobId: string, flags: ClientFlags & { savepointPath?: string; drain?: boolean }) => {
    console.log(`${flags.drain ? 'Draining' : 'Suspending'} job "${jobId}" with a savepoint.`);
    const path = await stopWithSavepoint(restClient(flags), jobId, flags.savepointPath, flags.drain === true);
    console.log(`Savepoint completed. Path: ${path}`);
  });

/** `-v <vertexId>=<parallelism>`, repeatable: collected into one map. */
function vertexParallelism(value: string, previous: Record<string, number> = {}): Record<string, number> {
  const m = /^([0-9a-f]{32})=(\d+)$/.exec(value);
  if (!m || Number(m[2]) < 1) throw new InvalidArgumentError(`expected <job vertex id>=<parallelism> (32 hex characters, a positive integer), got '${value}'`);
  return { ...previous, [m[1]!]: Number(m[2]) };
}

clientCommand('rescale', 'rescale a running job (PUT /jobs/:jobid/resource-requirements) and wait until the rescale completed')
  .argument('<jobid>', 'the job to rescale')
  .option('-p, --parallelism <n>', 'the parallelism every vertex runs at afterwards', positiveInteger)
  .option('-v, --vertex <vertexId=n>', 'the parallelism of one vertex (repeatable; the others keep theirs)', vertexParallelism)
  .action(async (jobId: string, flags: ClientFlags & { parallelism?: number; vertex?: Record<string, number> }, command: Command) => {
    if ((flags.parallelism === undefined) === (flags.vertex === undefined)) command.error('sluice rescale: give either -p <n> or -v <vertexId>=<n> (one or more)');
    const target = flags.parallelism !== undefined ? { parallelism: flags.parallelism } : { vertices: flags.vertex! };
    console.log(`Rescaling job ${jobId}.`);
    const rescale = await rescaleJob(restClient(flags), jobId, target);
    if (!rescale) {
      console.log(`Job ${jobId} already runs at that parallelism.`);
      return;
    }
    const changes = Object.values(rescale.vertices).map((v) => `${v.jobVertexName}: ${v.preRescaleParallelism} -> ${v.postRescaleParallelism}`);
    console.log(`Rescale ${rescale.rescaleUuid} completed. ${changes.join(', ')}`);
  });

clientCommand('jars', 'list the job packages uploaded to a cluster, with their entry points')
  .action(async (flags: ClientFlags) => {
    console.log(describeJars(await restClient(flags).listJars()));
  });

clientCommand('upload', 'upload a job package to a cluster; prints its jar id')
  .argument('<package>', 'the job package (.jar/.zip, or a .js/.mjs bundle)')
  .action(async (pkg: string, flags: ClientFlags) => {
    console.log(await restClient(flags).uploadJar(resolve(pkg)));
  });

clientCommand('delete-jar', 'delete an uploaded job package')
  .argument('<jarid>', 'the jar id (as listed by `sluice jars`)')
  .action(async (jarId: string, flags: ClientFlags) => {
    await restClient(flags).deleteJar(jarId);
    console.log(`Deleted ${jarId}.`);
  });

clientCommand('info', "show the plan of a package's job without running it")
  .argument('<package>', 'the job package (.jar/.zip, or a .js/.mjs bundle)')
  .argument('[args...]', 'arguments of the program')
  .option('-c, --class <entryClass>', "the entry point (default: the package manifest's)")
  .option('-p, --parallelism <n>', 'default parallelism of the job', positiveInteger)
  .passThroughOptions()
  .action(async (pkg: string, args: string[], flags: ClientFlags & { class?: string; parallelism?: number }) => {
    const client = restClient(flags);
    const jarId = await client.uploadJar(resolve(pkg));
    try {
      console.log(describePlan(await client.jarPlan(jarId, { entryClass: flags.class, programArgsList: args, parallelism: flags.parallelism })));
    } finally {
      await client.deleteJar(jarId).catch(() => undefined);
    }
  });

program
  .command('package')
  .description('build a job package (.jar/.zip with a manifest, or a .js/.mjs bundle) from a job entry file')
  .argument('<entry>', 'the job\'s entry file (.ts or .js)')
  .requiredOption('-o, --output <file>', 'the package to write')
  .option('-c, --entry-class <name>', 'default entry class recorded in the manifest')
  .action(async (entry: string, flags: { output: string; entryClass?: string }) => {
    const result = await packageJob(resolve(entry), resolve(flags.output), { entryClass: flags.entryClass });
    console.log(`Wrote ${result.format === 'zip' ? 'job package' : 'job bundle'} ${flags.output} (${result.bytes} bytes)`);
  });

program.parseAsync(rewriteTwoLetterFlags(process.argv, runCommand, { '-rm': '--restoreMode' })).catch((err: unknown) => {
  console.error(`sluice: ${errorMessage(err)}`);
  process.exit(1);
});
