/**
 * `/jobs/:jobid/config`: Flink's JobConfigInfo. Its custom serializer writes `jid`, `name` and
 * `execution-config` (the OpenAPI spec shows the Java property names instead).
 * `object-reuse-mode` is always true: see README.md, "What a user function may mutate".
 */
import type { ArchivedExecutionGraph } from '../../protocol/execution-graph-info.js';
import { hideSensitiveValues } from '../sensitive-values.js';
import type { JobConfigInfo } from './job-schemas.js';

/** The JSON of a job's configuration. */
export function jobConfigJson(graph: ArchivedExecutionGraph): JobConfigInfo {
  const config = graph.jobConfig;
  const parallelism = Number(config['parallelism.default']);
  return {
    jid: graph.jobId,
    name: graph.jobName,
    'execution-config': {
      // Flink 1.x clients read it; every exchange is pipelined (Flink's default mode).
      'execution-mode': 'PIPELINED',
      'restart-strategy': config['restart-strategy.type'] ?? 'Cluster level default restart strategy',
      // -1 is Flink's "not set on the job" (ExecutionConfig.PARALLELISM_DEFAULT).
      'job-parallelism': Number.isInteger(parallelism) ? parallelism : -1,
      // Records pass by reference between chained operators whatever pipeline.object-reuse says:
      // Flink reports that as object reuse on.
      'object-reuse-mode': true,
      'user-config': hideSensitiveValues(config),
    },
  };
}
