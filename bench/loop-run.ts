/** Runs the hand-written loop (`wordcount-loop.ts`) in a child process of plain node. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import type { LoopResult } from './wordcount-loop.js';

const execFileAsync = promisify(execFile);

export type { LoopResult };

/**
 * Bundles the loop to one plain JS file in `dir`, so its process runs without a TypeScript
 * loader, whose memory and start-up would otherwise count against the baseline.
 */
export async function bundleLoop(dir: string): Promise<string> {
  const outfile = join(dir, 'wordcount-loop.mjs');
  await build({ entryPoints: [fileURLToPath(new URL('./wordcount-loop.ts', import.meta.url))], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'warning' });
  return outfile;
}

/** Counts the words of `corpus` with the loop; with `countsFile`, it writes every count there too. */
export async function runLoop(script: string, corpus: string, countsFile?: string): Promise<LoopResult> {
  const { stdout } = await execFileAsync(process.execPath, [script, corpus, ...(countsFile ? [countsFile] : [])], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as LoopResult;
}
