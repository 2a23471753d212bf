/**
 * The rescales of one job (Flink's adaptive scheduler RescaleTimeline): at most one in progress,
 * its phases as they pass, and how each ended. Keeps the newest RESCALE_HISTORY_MAX (the REST
 * counts and statistics cover those).
 */
import { randomUUID } from 'node:crypto';
import type { JobVertex } from '../protocol/job-graph.js';
import {
  RESCALE_HISTORY_MAX, RESCALE_TERMINAL_STATES, type JobRescale, type JobResourceRequirements, type RescalePhase, type RescaleTerminatedReason,
} from '../protocol/rescales.js';
import { effectiveBounds } from './resource-requirements.js';

export class RescaleHistory {
  private readonly rescales: JobRescale[] = [];
  private attempts = 0;

  /** The rescale under way, if any. */
  get inProgress(): JobRescale | undefined {
    const last = this.rescales.at(-1);
    return last?.terminalState === undefined ? last : undefined;
  }

  /** Whether the job was ever asked to rescale. */
  get isEmpty(): boolean {
    return this.rescales.length === 0;
  }

  /** Records a new rescale of `vertices` towards `requirements` (already validated); it is in progress until `end`. */
  begin(vertices: readonly JobVertex[], requirements: JobResourceRequirements): JobRescale {
    const rescale: JobRescale = {
      rescaleUuid: randomUUID(),
      resourceRequirementsUuid: randomUUID(),
      rescaleAttemptId: ++this.attempts,
      triggerCause: 'UPDATE_REQUIREMENT',
      startTimestampInMillis: Date.now(),
      vertices: Object.fromEntries(vertices.map((v) => {
        const { lowerBound, upperBound } = effectiveBounds(requirements[v.id]!.parallelism, v);
        return [v.id, {
          jobVertexId: v.id,
          jobVertexName: v.name,
          requiredParallelisms: { minParallelism: lowerBound, parallelism: upperBound, maxParallelism: v.maxParallelism },
          preRescaleParallelism: v.parallelism,
          desiredParallelism: upperBound,
          sufficientParallelism: lowerBound,
        }];
      })),
      schedulerStates: [],
    };
    this.rescales.push(rescale);
    if (this.rescales.length > RESCALE_HISTORY_MAX) this.rescales.shift();
    return rescale;
  }

  /** The rescale in progress leaves its current phase (with the error that ended it, if one did) and enters `state`. */
  enterPhase(state: RescalePhase['state']): void {
    const rescale = this.inProgress;
    if (!rescale) return;
    this.leavePhase(rescale);
    rescale.schedulerStates.push({ state, enterTimestampInMillis: Date.now() });
  }

  /**
   * Ends the rescale in progress for `reason` (which says its terminal state): `parallelisms` is
   * what each vertex runs at afterwards, `cause` the error of a failed one (kept on the phase it ended).
   */
  end(reason: RescaleTerminatedReason, parallelisms: readonly JobVertex[], cause?: Error): void {
    const rescale = this.inProgress;
    if (!rescale) return;
    this.leavePhase(rescale, cause);
    for (const v of parallelisms) {
      const vertex = rescale.vertices[v.id];
      if (vertex) vertex.postRescaleParallelism = v.parallelism;
    }
    Object.assign(rescale, { endTimestampInMillis: Date.now(), terminalState: RESCALE_TERMINAL_STATES[reason], terminatedReason: reason });
  }

  /** Copies of the kept rescales, oldest first. */
  snapshot(): JobRescale[] {
    return structuredClone(this.rescales);
  }

  private leavePhase(rescale: JobRescale, cause?: Error): void {
    const phase = rescale.schedulerStates.at(-1);
    if (!phase || phase.leaveTimestampInMillis !== undefined) return;
    phase.leaveTimestampInMillis = Date.now();
    phase.durationInMillis = phase.leaveTimestampInMillis - phase.enterTimestampInMillis;
    if (cause) phase.stringifiedException = cause.stack ?? cause.message;
  }
}
