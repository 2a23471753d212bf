/**
 * Per-vertex parallelism overrides (Flink's `pipeline.jobvertex-parallelism-overrides`): how a
 * rescaled job runs its vertices at other parallelisms than its program sets. The JobMaster
 * rescales a JobGraph with `rescaleJobGraph`, which writes the overrides into the job's
 * configuration; task workers rebuilding the graph from that configuration apply the same
 * overrides in `createJobGraph`, so both reach the same fingerprint.
 */
import { Configuration } from '../common/config/configuration.js';
import { CoreOptions } from '../common/config/options.js';
import { ErrorCode, SluiceError } from '../common/errors.js';
import type { JobGraph, JobVertex } from '../protocol/job-graph.js';
import { fingerprint } from './fingerprint.js';
import { createPlan } from './plan.js';
import { createStreamGraphJson } from './stream-graph-json.js';

/** Parallelism by job vertex id. */
export type ParallelismOverrides = ReadonlyMap<string, number>;

/** The overrides a job configuration names (Flink's map syntax `<vertex id>:<parallelism>,...`); throws INVALID_CONFIG naming the key. */
export function parallelismOverridesOf(config: Record<string, string>): ParallelismOverrides {
  const raw = new Configuration(Object.entries(config)).get(CoreOptions.PARALLELISM_OVERRIDES).trim();
  const overrides = new Map<string, number>();
  if (raw === '') return overrides;
  for (const entry of raw.split(',')) {
    const m = /^\s*([0-9a-f]{32})\s*:\s*(\d+)\s*$/.exec(entry);
    if (!m) throw SluiceError.user(ErrorCode.INVALID_CONFIG, `Invalid value '${raw}' for config option '${CoreOptions.PARALLELISM_OVERRIDES.key}': expected <job vertex id>:<parallelism>,... (entry '${entry}')`);
    overrides.set(m[1]!, Number(m[2]));
  }
  return overrides;
}

/**
 * The vertices with the overridden parallelisms. Throws INVALID_PROGRAM when a parallelism is
 * below 1 or above the vertex's max parallelism, or when a FORWARD edge would connect vertices
 * of different parallelism (its records could not stay with their subtask).
 */
export function applyParallelismOverrides(vertices: readonly JobVertex[], overrides: ParallelismOverrides): JobVertex[] {
  const rescaled = vertices.map((v) => {
    const parallelism = overrides.get(v.id) ?? v.parallelism;
    if (!Number.isInteger(parallelism) || parallelism < 1 || parallelism > v.maxParallelism) {
      throw invalid(`The parallelism ${parallelism} of job vertex '${v.name}' (${v.id}) must be between 1 and its max parallelism ${v.maxParallelism}.`);
    }
    return { ...v, parallelism };
  });
  const byId = new Map(rescaled.map((v) => [v.id, v]));
  for (const v of rescaled) {
    for (const input of v.inputs) {
      const source = byId.get(input.sourceVertexId)!;
      if (input.shipStrategy === 'FORWARD' && source.parallelism !== v.parallelism) {
        throw invalid(`Job vertex '${v.name}' (parallelism ${v.parallelism}) reads '${source.name}' (parallelism ${source.parallelism}) through a FORWARD edge, which needs equal parallelism: rescale both alike.`);
      }
    }
  }
  return rescaled;
}

/**
 * The JobGraph running `parallelisms` (by vertex id; vertices not named keep theirs): vertices,
 * plan, stream graph and fingerprint updated, and the overrides written into its configuration
 * for the task workers. Throws as `applyParallelismOverrides`.
 */
export function rescaleJobGraph(jobGraph: JobGraph, parallelisms: ParallelismOverrides): JobGraph {
  const overrides = new Map(parallelismOverridesOf(jobGraph.config));
  for (const [id, p] of parallelisms) overrides.set(id, p);
  const vertices = applyParallelismOverrides(jobGraph.vertices, parallelisms);
  return {
    ...jobGraph,
    vertices,
    fingerprint: fingerprint(vertices),
    plan: createPlan(jobGraph.jobId, jobGraph.jobName, vertices),
    streamGraph: createStreamGraphJson(vertices),
    config: { ...jobGraph.config, [CoreOptions.PARALLELISM_OVERRIDES.key]: [...overrides].map(([id, p]) => `${id}:${p}`).join(',') },
  };
}

function invalid(message: string): SluiceError {
  return SluiceError.user(ErrorCode.INVALID_PROGRAM, message);
}
