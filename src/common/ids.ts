/**
 * Flink-style identifiers: 32 lower-case hex characters (JobID, JobVertexID, ResourceID,
 * AllocationID, ExecutionAttemptID). Kept as strings so they print and serialize as Flink's do.
 */
import { createHash, randomBytes } from 'node:crypto';

export type JobId = string;
export type JobVertexId = string;
export type ResourceId = string;
export type AllocationId = string;
export type ExecutionAttemptId = string;

const ID_PATTERN = /^[0-9a-f]{32}$/;

/** A fresh random id. */
export function newId(): string {
  return randomBytes(16).toString('hex');
}

/** Whether `s` has the form of a Flink id. */
export function isId(s: unknown): s is string {
  return typeof s === 'string' && ID_PATTERN.test(s);
}

/** A deterministic id derived from the given parts (same parts, same id). */
export function hashId(...parts: (string | number)[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(String(p)).update('\u0000');
  return h.digest('hex').slice(0, 32);
}
