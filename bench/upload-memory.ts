/**
 * The upload part of the REST benchmark: a job package streamed to `POST /jars/upload` as
 * multipart/form-data from a file (never held whole in this process either), with the
 * JobManager's resident memory sampled meanwhile; and an upload over the limit, which must be
 * answered 413 before the whole body was sent.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { request } from 'node:http';
import { basename } from 'node:path';
import { peakRss, rss } from './proc-stats.js';

/** How an upload went. */
export interface UploadOutcome {
  status: number;
  body: string;
  /** The request's size: multipart framing and file. */
  totalBytes: number;
  /** Bytes handed to the socket when the answer's headers arrived. */
  sentAtAnswer: number;
  ms: number;
}

/** The JobManager's memory during an upload. */
export interface UploadMemory {
  upload: UploadOutcome;
  /** VmRSS before the upload (median of samples over a quiet moment), bytes. */
  baselineRss: number;
  /** Highest VmRSS sampled during the upload and shortly after, bytes. */
  peakRss: number;
  /** VmHWM (the process's peak so far) after the upload, bytes. */
  highWaterMark: number;
  samples: number;
  sampleIntervalMs: number;
}

const SAMPLE_INTERVAL_MS = 20;
const QUIET_MS = 500;

/** Uploads `file` to the JobManager at `restUrl` (process `pid`), sampling its VmRSS. */
export async function measureUploadMemory(restUrl: string, pid: number, file: string): Promise<UploadMemory> {
  const before = await sample(pid, QUIET_MS);
  const baselineRss = [...before].sort((a, b) => a - b)[Math.floor(before.length / 2)]!;
  const samples: number[] = [];
  const timer = setInterval(() => samples.push(rss(pid)), SAMPLE_INTERVAL_MS);
  let upload: UploadOutcome;
  try {
    upload = await streamUpload(`${restUrl}/jars/upload`, file);
    samples.push(...(await sample(pid, QUIET_MS)));
  } finally {
    clearInterval(timer);
  }
  return { upload, baselineRss, peakRss: Math.max(...samples), highWaterMark: peakRss(pid), samples: samples.length, sampleIntervalMs: SAMPLE_INTERVAL_MS };
}

/** VmRSS of `pid` every SAMPLE_INTERVAL_MS for `ms`. */
async function sample(pid: number, ms: number): Promise<number[]> {
  const values: number[] = [];
  for (const end = Date.now() + ms; Date.now() < end;) {
    values.push(rss(pid));
    await new Promise((resolve) => setTimeout(resolve, SAMPLE_INTERVAL_MS));
  }
  return values;
}

/**
 * POSTs `file` as the multipart field `jarfile`, read from disk a chunk at a time with the
 * socket's backpressure. Sending stops when the answer arrives (early, for a rejected upload).
 */
export function streamUpload(url: string, file: string): Promise<UploadOutcome> {
  const boundary = `sluice-bench-${randomUUID()}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="jarfile"; filename="${basename(file)}"\r\n` +
    'Content-Type: application/octet-stream\r\n\r\n');
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const totalBytes = head.length + statSync(file).size + tail.length;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const input = createReadStream(file, { highWaterMark: 1024 ** 2 });
    const req = request(url, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': totalBytes },
    });
    // After an early answer the server may close the connection while we still write.
    req.on('error', (err) => answered || reject(err));
    req.on('response', (res) => {
      answered = true;
      const sentAtAnswer = sent;
      input.destroy();
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString('utf8'), totalBytes, sentAtAnswer, ms: performance.now() - started });
      });
    });
    const write = (chunk: Buffer): boolean => {
      sent += chunk.length;
      return req.write(chunk);
    };
    write(head);
    input.on('data', (chunk) => {
      if (!write(chunk as Buffer)) {
        input.pause();
        req.once('drain', () => input.resume());
      }
    });
    input.on('end', () => {
      sent += tail.length;
      req.end(tail);
    });
    input.on('error', reject);
  });
}
