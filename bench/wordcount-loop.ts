/**
 * The baseline: WordCount as a hand-written single-thread loop — read the file in chunks, split
 * lines, tokenize, count in a Map. Run as its own process (bundled to plain JS, so no loader
 * inflates its memory):
 *
 *   node wordcount-loop.mjs <corpus> [countsFile]
 *
 * Prints one JSON line (LoopResult); with `countsFile`, also writes every word's count there.
 */
import { closeSync, openSync, readSync, writeFileSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { tokens } from './tokenize.js';

/** What the loop process reports. */
export interface LoopResult {
  words: number;
  distinctWords: number;
  /** Time of the work itself (reading through counting), excluding process start. */
  ms: number;
  /** Peak resident set size of the process, in bytes. */
  peakRss: number;
}

const READ_BYTES = 1 << 20;

function countWords(path: string): Map<string, number> {
  const counts = new Map<string, number>();
  const count = (line: string): void => {
    for (const t of tokens(line)) if (t.length > 0) counts.set(t, (counts.get(t) ?? 0) + 1);
  };
  const fd = openSync(path, 'r');
  const buffer = Buffer.allocUnsafe(READ_BYTES);
  const decoder = new StringDecoder('utf8');
  let rest = '';
  try {
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) {
      const lines = (rest + decoder.write(buffer.subarray(0, n))).split('\n');
      rest = lines.pop()!;
      for (const line of lines) count(line);
    }
  } finally {
    closeSync(fd);
  }
  count(rest + decoder.end());
  return counts;
}

const [corpus, countsFile] = process.argv.slice(2);
if (!corpus) throw new Error('usage: wordcount-loop <corpus> [countsFile]');
const t0 = performance.now();
const counts = countWords(corpus);
const ms = performance.now() - t0;
let words = 0;
for (const c of counts.values()) words += c;
if (countsFile) writeFileSync(countsFile, JSON.stringify(Object.fromEntries(counts)));
const result: LoopResult = { words, distinctWords: counts.size, ms, peakRss: process.resourceUsage().maxRSS * 1024 };
console.log(JSON.stringify(result));
