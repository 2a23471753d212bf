/**
 * The JSON form of CollectResults, as `POST /jobs/:jobid/coordinators/:operatorid` carries it to
 * clients of a remote cluster. Batches stay msgpack (base64 in JSON), exactly as the collect sink
 * encoded them: the REST server passes them through without decoding, and a remote client gets
 * the same values a mini cluster's client gets.
 */
import type { CollectResults } from './collect-results.js';
import type { JobStatus } from './states.js';

/** Body of the coordination request: fetch from `offset`, acknowledging every record before it. */
export interface CollectRequestJson {
  offset: number;
}

/** Body of the answer: CollectResults with each batch base64-encoded. */
export interface CollectResultsJson {
  offset: number;
  batches: string[];
  end: boolean;
  jobStatus: JobStatus;
}

export function collectResultsToJson(results: CollectResults): CollectResultsJson {
  return { ...results, batches: results.batches.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64')) };
}

export function collectResultsFromJson(json: CollectResultsJson): CollectResults {
  return { ...json, batches: json.batches.map((b) => new Uint8Array(Buffer.from(b, 'base64'))) };
}
