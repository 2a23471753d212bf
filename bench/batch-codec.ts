/**
 * `node --import tsx bench/batch-codec.ts`: CPU per record of encoding and decoding WordCount's
 * `[word, 1]` batches (1024 records from the Zipf corpus) with the record-batch codec and with
 * plain msgpack (what the codec used before tuple columns), alternating, best of 8 rounds each,
 * so a busy machine slows both alike. `BENCH_CODEC_WORDS` sets the corpus size (default 200,000).
 */
import { readFileSync } from 'node:fs';
import { Packr, Unpackr } from 'msgpackr';
import { DEFAULT_BATCH_SIZE } from '../src/operators/record-writer.js';
import { decodeRecordBatch, encodeRecordBatch } from '../src/network/index.js';
import { tokens } from './tokenize.js';
import { zipfCorpus } from './zipf-corpus.js';

interface Codec {
  encode(records: unknown[]): Uint8Array;
  decode(bytes: Uint8Array): unknown;
}

const ROUNDS = 8;
/** Calls per batch and round, so one measurement lasts long enough for the CPU clock. */
const REPEATS = 5;

const packr = new Packr({ useRecords: false });
const unpackr = new Unpackr({ useRecords: false });
const codecs: Record<string, Codec> = {
  msgpack: { encode: (records) => packr.pack(records), decode: (bytes) => unpackr.unpack(bytes) },
  'record-batch codec': { encode: encodeRecordBatch, decode: decodeRecordBatch },
};

const records: [string, number][] = [];
const corpus = zipfCorpus(Number(process.env.BENCH_CODEC_WORDS ?? 200_000));
for (const line of readFileSync(corpus, 'utf8').split('\n')) for (const t of tokens(line)) if (t.length > 0) records.push([t, 1]);
const batches: unknown[][] = [];
for (let i = 0; i + DEFAULT_BATCH_SIZE <= records.length; i += DEFAULT_BATCH_SIZE) batches.push(records.slice(i, i + DEFAULT_BATCH_SIZE));
const perRecord = batches.length * DEFAULT_BATCH_SIZE * REPEATS;

/** CPU nanoseconds per record of `work` over every batch. */
function cpuNs(work: () => void): number {
  const before = process.cpuUsage();
  for (let r = 0; r < REPEATS; r++) work();
  const used = process.cpuUsage(before);
  return ((used.user + used.system) * 1000) / perRecord;
}

const best = new Map<string, { encode: number; decode: number; bytes: number }>();
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, codec] of Object.entries(codecs)) {
    const encoded = batches.map((b) => codec.encode(b).slice());
    const encode = cpuNs(() => batches.forEach((b) => codec.encode(b)));
    const decode = cpuNs(() => encoded.forEach((e) => codec.decode(e)));
    const bytes = encoded.reduce((n, e) => n + e.byteLength, 0) / (perRecord / REPEATS);
    const prev = best.get(name);
    best.set(name, { encode: Math.min(encode, prev?.encode ?? Infinity), decode: Math.min(decode, prev?.decode ?? Infinity), bytes });
  }
}
console.log(`${batches.length} batches of ${DEFAULT_BATCH_SIZE} [word, 1] records; CPU ns per record, best of ${ROUNDS} rounds`);
for (const [name, r] of best) console.log(`${name.padEnd(20)} encode ${r.encode.toFixed(0).padStart(4)}  decode ${r.decode.toFixed(0).padStart(4)}  bytes ${r.bytes.toFixed(2)}`);
