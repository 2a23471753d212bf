/**
 * The JobGraph of a program's captured StreamGraph, with the run's options (Flink's
 * JarRunRequestBody: parallelism, job id, configuration) and the cluster's defaults applied the
 * way task workers will apply them again when they rebuild the graph.
 */
import type { StreamGraph } from '../api/stream-graph.js';
import { Configuration } from '../common/config/configuration.js';
import { CoreOptions } from '../common/config/options.js';
import { newId } from '../common/ids.js';
import { createJobGraph } from '../graph/index.js';
import type { JobGraph, ProgramDescriptor } from '../protocol/job-graph.js';
import type { ProgramOptions } from '../protocol/job-packages.js';

/** The cluster's `parallelism.default` and `pipeline.max-parallelism`. */
export interface ClusterDefaults {
  defaultParallelism: number;
  defaultMaxParallelism?: number;
}

/**
 * Builds the JobGraph: parallelism from the options, else the job's configuration, else the
 * cluster default. The effective defaults are written into the job's configuration, because task
 * workers rebuild the graph with them and must reach the same fingerprint.
 */
export function createProgramJobGraph(streamGraph: StreamGraph, program: ProgramDescriptor, options: Omit<ProgramOptions, 'args' | 'entryClass'>, defaults: ClusterDefaults): JobGraph {
  const jobConfig = new Configuration(Object.entries(options.config));
  const defaultParallelism = options.parallelism ?? (jobConfig.contains(CoreOptions.DEFAULT_PARALLELISM) ? jobConfig.get(CoreOptions.DEFAULT_PARALLELISM) : defaults.defaultParallelism);
  const defaultMaxParallelism = jobConfig.contains(CoreOptions.MAX_PARALLELISM) ? jobConfig.get(CoreOptions.MAX_PARALLELISM) : (defaults.defaultMaxParallelism ?? CoreOptions.MAX_PARALLELISM.defaultValue);
  return createJobGraph(streamGraph, {
    jobId: options.jobId ?? newId(),
    program,
    defaultParallelism,
    defaultMaxParallelism,
    config: { ...options.config, [CoreOptions.DEFAULT_PARALLELISM.key]: String(defaultParallelism), [CoreOptions.MAX_PARALLELISM.key]: String(defaultMaxParallelism) },
  });
}
