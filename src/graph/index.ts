/** StreamGraph -> JobGraph: chaining, parallelism, operator ids, fingerprint and plan. */
export { createJobGraph, type JobGraphOptions } from './job-graph-generator.js';
