/**
 * The benchmark corpus: `words` words drawn from a Zipf distribution (exponent 1.0) over a
 * 50,000-word vocabulary, 5 to 15 words per line, the first word of a line capitalized, some
 * commas, a period at each line end. Deterministic (seeded PRNG): the same size gives the same
 * file, which is written once to the cache directory and reused.
 */
import { closeSync, existsSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const VOCABULARY_SIZE = 50_000;
const EXPONENT = 1.0;
const SEED = 20_240_611;
/** Bump when the generator changes, so stale cached files are not reused. */
const FORMAT_VERSION = 1;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
/** Bytes gathered before each write. */
const WRITE_BYTES = 1 << 20;

/** Where corpora are cached (override with BENCH_CACHE_DIR). */
export const CORPUS_DIR = process.env.BENCH_CACHE_DIR ?? join(tmpdir(), 'sluice-bench');

/** A small, fast, seedable PRNG (mulberry32): floats in [0, 1). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Distinct lower-case words of 2..12 letters. Shorter than 13 characters on purpose: V8 copies
 * substrings that short instead of slicing them, so no implementation pays for keeping a whole
 * read chunk alive through a word it stores.
 */
function vocabulary(rand: () => number): string[] {
  const words = new Set<string>();
  while (words.size < VOCABULARY_SIZE) {
    const length = 2 + Math.floor(rand() * rand() * 11);
    let w = '';
    for (let i = 0; i < length; i++) w += LETTERS[Math.floor(rand() * LETTERS.length)];
    words.add(w);
  }
  return [...words];
}

/** Cumulative Zipf probabilities of the ranks 1..n. */
function zipfCdf(n: number): Float64Array {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let k = 1; k <= n; k++) cdf[k - 1] = total += 1 / k ** EXPONENT;
  for (let i = 0; i < n; i++) cdf[i]! /= total;
  return cdf;
}

/** The index of the first CDF entry >= u (binary search). */
function sample(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid]! < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function writeCorpus(path: string, words: number): void {
  const rand = random(SEED);
  const vocab = vocabulary(rand);
  const cdf = zipfCdf(vocab.length);
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    let pending = '';
    for (let written = 0; written < words; ) {
      const lineWords = Math.min(words - written, 5 + Math.floor(rand() * 11));
      let line = '';
      for (let i = 0; i < lineWords; i++) {
        const w = vocab[sample(cdf, rand())]!;
        line += i === 0 ? w[0]!.toUpperCase() + w.slice(1) : (rand() < 0.05 ? ', ' : ' ') + w;
      }
      pending += `${line}.\n`;
      written += lineWords;
      if (pending.length >= WRITE_BYTES) {
        writeSync(fd, pending);
        pending = '';
      }
    }
    writeSync(fd, pending);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** The path of the corpus of `words` words, generating it first if it is not cached. */
export function zipfCorpus(words: number): string {
  mkdirSync(CORPUS_DIR, { recursive: true });
  const path = join(CORPUS_DIR, `zipf-v${FORMAT_VERSION}-${words}.txt`);
  if (!existsSync(path)) writeCorpus(path, words);
  return path;
}
