/**
 * Text for the CLI's listing commands, in the shape Flink's CLI prints: `list` (jobs by section),
 * `jars` (uploaded packages and their entry points) and `info` (a job's plan).
 */
import type { JarFileJson, JobOverviewJson, PlanNodeJson } from './rest-cluster-client.js';

/** Which jobs `list` shows: running and scheduled (default), running only, or every job. */
export type JobListing = 'default' | 'running' | 'all';

const RUNNING = new Set(['RUNNING', 'RESTARTING', 'FAILING', 'CANCELLING']);
const SCHEDULED = new Set(['INITIALIZING', 'CREATED']);
const RULE = '-'.repeat(62);

/** `dd.MM.yyyy HH:mm:ss`, as Flink's CLI prints start times. */
function timestamp(ms: number): string {
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(d.getDate())}.${two(d.getMonth() + 1)}.${d.getFullYear()} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

function section(title: string, jobs: JobOverviewJson[], empty: string): string[] {
  if (jobs.length === 0) return [empty];
  const sorted = [...jobs].sort((a, b) => a['start-time'] - b['start-time']);
  const padded = ` ${title} `;
  const left = Math.floor((RULE.length - padded.length) / 2);
  return [
    `${'-'.repeat(left)}${padded}${'-'.repeat(RULE.length - left - padded.length)}`,
    ...sorted.map((j) => `${timestamp(j['start-time'])} : ${j.jid} : ${j.name} (${j.state})`),
    RULE,
  ];
}

export function describeJobs(jobs: JobOverviewJson[], listing: JobListing): string {
  const running = section('Running/Restarting Jobs', jobs.filter((j) => RUNNING.has(j.state)), 'No running jobs.');
  if (listing === 'running') return running.join('\n');
  const scheduled = section('Scheduled Jobs', jobs.filter((j) => SCHEDULED.has(j.state)), 'No scheduled jobs.');
  if (listing === 'default') return [...running, ...scheduled].join('\n');
  const terminated = jobs.filter((j) => !RUNNING.has(j.state) && !SCHEDULED.has(j.state));
  return [...running, ...scheduled, ...section('Terminated Jobs', terminated, 'No terminated jobs.')].join('\n');
}

export function describeJars(jars: JarFileJson[]): string {
  if (jars.length === 0) return 'No uploaded job packages.';
  return jars
    .map((j) => `${j.id}  ${j.name}  uploaded ${timestamp(j.uploaded)}  entry points: ${j.entry.map((e) => e.name).join(', ') || '(none)'}`)
    .join('\n');
}

/** One line per vertex, sources first: `<description> (parallelism n) <- <input> [SHIP_STRATEGY]`. */
export function describePlan(plan: { name: string; nodes: PlanNodeJson[] }): string {
  const names = new Map(plan.nodes.map((n) => [n.id, n.description]));
  return [
    `Job "${plan.name}"`,
    ...plan.nodes.map((n) => {
      const inputs = (n.inputs ?? []).map((i) => `${names.get(i.id) ?? i.id} [${i.ship_strategy}]`);
      return `  ${n.description} (parallelism ${n.parallelism})${inputs.length > 0 ? ` <- ${inputs.join(', ')}` : ''}`;
    }),
  ].join('\n');
}
