/**
 * A job's resource requirements (Flink's JobResourceRequirements): validating a request to change
 * them, and the parallelism each vertex gets from them.
 */
import type { JobVertex } from '../protocol/job-graph.js';
import type { JobResourceRequirements, ParallelismBounds } from '../protocol/rescales.js';

/** The bounds with Flink's -1 expanded: 1 for the lower bound, the max parallelism for the upper one. */
export function effectiveBounds(bounds: ParallelismBounds, vertex: JobVertex): ParallelismBounds {
  return { lowerBound: bounds.lowerBound === -1 ? 1 : bounds.lowerBound, upperBound: bounds.upperBound === -1 ? vertex.maxParallelism : bounds.upperBound };
}

/**
 * Flink's JobResourceRequirements.validate: every vertex of the job named, no unknown one, bounds
 * above zero, lower not above upper, upper not above the vertex's max parallelism. Returns one
 * message per problem (none: valid).
 */
export function validateRequirements(requirements: JobResourceRequirements, vertices: readonly JobVertex[]): string[] {
  const errors: string[] = [];
  const byId = new Map(vertices.map((v) => [v.id, v]));
  for (const [id, { parallelism }] of Object.entries(requirements)) {
    const vertex = byId.get(id);
    if (!vertex) {
      errors.push(`Job vertex [${id}] was not found in the JobGraph.`);
      continue;
    }
    const { lowerBound, upperBound } = effectiveBounds(parallelism, vertex);
    if (lowerBound < 1 || upperBound < 1) {
      errors.push(`Both, the requested lower bound [${lowerBound}] and upper bound [${upperBound}] for job vertex [${id}] must be greater than zero.`);
      continue;
    }
    if (lowerBound > upperBound) errors.push(`The requested lower bound [${lowerBound}] for job vertex [${id}] is higher than the upper bound [${upperBound}].`);
    if (upperBound > vertex.maxParallelism) errors.push(`The newly requested parallelism ${upperBound} for the job vertex ${id} exceeds its maximum parallelism ${vertex.maxParallelism}.`);
  }
  for (const v of vertices) {
    if (!(v.id in requirements)) errors.push(`The request is incomplete, missing job vertex [${v.id}] resource requirements.`);
  }
  return errors;
}

/**
 * The parallelism of each vertex under valid `requirements` when the job can have `availableSlots`
 * slots (held plus free in the cluster): its upper bound, limited to the available slots (with
 * slot sharing the job needs as many slots as its highest parallelism). Undefined when some
 * vertex would get less than its lower bound: the job cannot have the resources it asks for.
 */
export function targetParallelisms(requirements: JobResourceRequirements, vertices: readonly JobVertex[], availableSlots: number): Map<string, number> | undefined {
  const targets = new Map<string, number>();
  for (const v of vertices) {
    const { lowerBound, upperBound } = effectiveBounds(requirements[v.id]!.parallelism, v);
    const target = Math.min(upperBound, availableSlots);
    if (target < lowerBound) return undefined;
    targets.set(v.id, target);
  }
  return targets;
}
