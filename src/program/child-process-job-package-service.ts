/**
 * The JobManager's JobPackageService: every look inside a package that runs user code (listing
 * its exports, running its main) happens in a fresh child process, so a bad program costs a
 * failed request, never the JobManager. The children come from a bounded pool that forks one
 * ahead of the next request.
 */
import { availableParallelism } from 'node:os';
import { WebOptions } from '../common/config/options.js';
import type { JobGraph } from '../protocol/job-graph.js';
import type { JobPackageDescription, JobPackageService, ProgramOptions } from '../protocol/job-packages.js';
import type { PlanExtractionSettings } from './plan-extraction-protocol.js';
import { PlanExtractorPool } from './plan-extractor-pool.js';

export interface ChildProcessJobPackageServiceOptions {
  /** Cache of extracted bundles (shared with nothing else; keyed by package sha256). */
  cacheDir: string;
  /** `web.plan-extraction.timeout`. */
  timeoutMs: number;
  /** `web.plan-extraction.memory`. */
  maxHeapBytes: number;
  /** `parallelism.default`, used when a run request sets none. */
  defaultParallelism: number;
  defaultMaxParallelism?: number;
  /** Bytes of the program's output kept for error messages; default 16 KiB. */
  outputLimitBytes?: number;
  /** `web.plan-extraction.pool-size`: most children alive at once; 0 or unset: the number of CPU cores. */
  poolSize?: number;
  /** `web.plan-extraction.queue-size`: most requests waiting for a child; default: the option's. */
  queueSize?: number;
}

const DEFAULT_OUTPUT_LIMIT_BYTES = 16 * 1024;

/** Reads packages and extracts JobGraphs in isolated, time- and memory-bounded child processes. */
export class ChildProcessJobPackageService implements JobPackageService {
  private readonly settings: PlanExtractionSettings;
  private readonly extractors: PlanExtractorPool;

  constructor(opts: ChildProcessJobPackageServiceOptions) {
    this.settings = {
      cacheDir: opts.cacheDir,
      defaultParallelism: opts.defaultParallelism,
      ...(opts.defaultMaxParallelism !== undefined && { defaultMaxParallelism: opts.defaultMaxParallelism }),
    };
    this.extractors = new PlanExtractorPool(
      { timeoutMs: opts.timeoutMs, maxHeapBytes: opts.maxHeapBytes, outputLimitBytes: opts.outputLimitBytes ?? DEFAULT_OUTPUT_LIMIT_BYTES },
      { maxChildren: opts.poolSize || availableParallelism(), maxQueued: opts.queueSize ?? WebOptions.PLAN_EXTRACTION_QUEUE_SIZE.defaultValue },
    );
  }

  /** Children alive now and requests waiting for one (introspection for tests and logs). */
  get load(): { children: number; queued: number } {
    return { children: this.extractors.children, queued: this.extractors.queued };
  }

  /** Kills the child waiting for the next request and refuses queued ones (JobManager shutdown). */
  close(): void {
    this.extractors.close();
  }

  async describe(packagePath: string): Promise<JobPackageDescription> {
    return (await this.extractors.run({ kind: 'describe', packagePath, settings: this.settings })) as JobPackageDescription;
  }

  async createJobGraph(packagePath: string, packageName: string, blobKey: string, options: ProgramOptions, signal?: AbortSignal): Promise<JobGraph> {
    const request = { kind: 'createJobGraph', packagePath, packageName, blobKey, options, settings: this.settings } as const;
    return (await this.extractors.run(request, signal)) as JobGraph;
  }
}
