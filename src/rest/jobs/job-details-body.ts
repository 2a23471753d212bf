/**
 * The answer of `/jobs/:jobid`. A job that has ended does not change any more, but for the
 * answer's `now`: its JSON is serialized once per snapshot (the Dispatcher's job store keeps one
 * per job) and `now` spliced in per request, so looking at a finished job costs no rebuilding.
 */
import type { ArchivedExecutionGraph } from '../../protocol/execution-graph-info.js';
import { GLOBALLY_TERMINAL_JOB_STATUSES, TERMINAL_EXECUTION_STATES } from '../../protocol/states.js';
import { jobDetailsJson } from './job-details.js';
import type { JobDetailsInfo } from './job-schemas.js';

/** The serialized details around the value of `now`. */
const endedBodies = new WeakMap<ArchivedExecutionGraph, [before: string, after: string]>();

/** A value of `now` that no real answer has, to find where it is written (keys cannot repeat it: JSON escapes quotes in strings). */
const NOW_MARK = -8_640_000_000_000_001;

/** The details of `graph` at `now`: serialized JSON for an ended job, else the object (for the route's serializer). */
export function jobDetailsBody(graph: ArchivedExecutionGraph, now: number): string | JobDetailsInfo {
  if (!hasEnded(graph)) return jobDetailsJson(graph, now);
  let body = endedBodies.get(graph);
  if (!body) {
    const json = JSON.stringify(jobDetailsJson(graph, NOW_MARK));
    const at = json.indexOf(`"now":${NOW_MARK}`);
    body = [json.slice(0, at + '"now":'.length), json.slice(at + `"now":${NOW_MARK}`.length)];
    endedBodies.set(graph, body);
  }
  return `${body[0]}${now}${body[1]}`;
}

/** Ended, with no subtask whose times still run on with the clock (see vertexTimes). */
function hasEnded(graph: ArchivedExecutionGraph): boolean {
  return GLOBALLY_TERMINAL_JOB_STATUSES.has(graph.state)
    && graph.vertices.every((v) => v.subtasks.every((s) => TERMINAL_EXECUTION_STATES.has(s.state) || s.stateTimestamps.DEPLOYING === undefined));
}
