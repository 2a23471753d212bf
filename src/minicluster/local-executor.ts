/**
 * Runs a program's jobs on mini clusters (Flink's LocalExecutor): turns the StreamGraph that
 * `execute()` hands over into a JobGraph, puts the program's package into the cluster's
 * BlobServer, and submits — so task workers load the user's code from the package and rebuild the
 * graph exactly as they do on a real cluster (a graph that comes out differently fails the job).
 */
import type { JobClient, JobExecutionResult, PipelineExecutor } from '../api/execution-context.js';
import type { StreamGraph } from '../api/stream-graph.js';
import { CoreOptions } from '../common/config/options.js';
import { ErrorCode, SluiceError } from '../common/errors.js';
import { createProgramJobGraph } from '../program/index.js';
import type { JobGraph, ProgramDescriptor } from '../protocol/job-graph.js';
import type { ClusterLease, ClusterProvider } from './cluster-provider.js';
import { MiniClusterJobClient } from './mini-cluster-job-client.js';

/** The program whose jobs run: its package and how task workers call it. */
export interface LocalProgram {
  /** The job package (bundle or zip/jar) task workers load. */
  packagePath: string;
  /** What goes into the JobGraph; `blobKey` is the package's sha256. */
  descriptor: ProgramDescriptor;
  /** Removes whatever was made for this program once its job has ended. */
  dispose(): Promise<void>;
}

export interface LocalExecutorOptions {
  /** Called once per job. */
  program(): Promise<LocalProgram>;
  clusters: ClusterProvider;
  /** Default parallelism of the jobs (`-p`), over the configuration's `parallelism.default`. */
  parallelism?: number;
}

export class LocalExecutor implements PipelineExecutor {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly opts: LocalExecutorOptions) {}

  async execute(streamGraph: StreamGraph): Promise<JobExecutionResult> {
    return (await this.executeAsync(streamGraph)).getJobExecutionResult();
  }

  async executeAsync(streamGraph: StreamGraph): Promise<JobClient> {
    const program = await this.opts.program();
    let lease: ClusterLease | undefined;
    let jobGraph: JobGraph;
    try {
      jobGraph = this.jobGraph(streamGraph, program.descriptor);
      lease = await this.opts.clusters.acquire(Math.max(...jobGraph.vertices.map((v) => v.parallelism)));
      const blobs = lease.cluster.blobs;
      const blobKey = await blobs.putFile(program.packagePath);
      try {
        if (blobKey !== program.descriptor.blobKey) throw new SluiceError(ErrorCode.INTERNAL, `The job package changed while it was being submitted (${program.packagePath})`);
        await lease.cluster.dispatcher.submitJob(jobGraph);
      } finally {
        blobs.release(blobKey);
      }
    } catch (err) {
      await lease?.release().catch(() => undefined);
      await program.dispose();
      throw err;
    }
    const { release } = lease;
    const client = new MiniClusterJobClient(lease.cluster.dispatcher, jobGraph, () => release().finally(() => program.dispose()).catch(() => undefined));
    this.running.add(client.ended);
    void client.ended.then(() => this.running.delete(client.ended));
    return client;
  }

  /** Resolves once every job submitted here has ended and its cluster was released. */
  async whenIdle(): Promise<void> {
    await Promise.all(this.running);
  }

  private jobGraph(streamGraph: StreamGraph, program: ProgramDescriptor): JobGraph {
    const config = this.opts.clusters.config;
    return createProgramJobGraph(streamGraph, program, { config: {}, ...(this.opts.parallelism !== undefined && { parallelism: this.opts.parallelism }) }, {
      defaultParallelism: config.get(CoreOptions.DEFAULT_PARALLELISM),
      defaultMaxParallelism: config.get(CoreOptions.MAX_PARALLELISM),
    });
  }
}
