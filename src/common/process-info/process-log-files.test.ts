import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { claimProcessLogFiles } from './process-log-files.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sluice-logfiles-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const names = (n: number, role = 'taskmanager'): RegExp => new RegExp(`^sluice-.+-${role}-${n}-${hostname().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(log|out|lock)$`);

test('the first process of a role takes index 0 and holds it with a lock file naming its pid', () => {
  const files = claimProcessLogFiles(join(dir, 'new'), 'jobmanager', 10);
  assert.match(files.logFile, names(0, 'jobmanager'));
  assert.equal(files.outFile, files.logFile.replace(/\.log$/, '.out'));
  const lock = join(dir, 'new', files.logFile.replace(/\.log$/, '.lock'));
  assert.equal(readFileSync(lock, 'utf8'), `${process.pid}\n`);
});

test('an index held by a live process is skipped; a dead holder\'s index is taken over', () => {
  const first = claimProcessLogFiles(dir, 'taskmanager', 10);
  const lock = join(dir, first.logFile.replace(/\.log$/, '.lock'));
  writeFileSync(lock, `${process.ppid}\n`);
  assert.match(claimProcessLogFiles(dir, 'taskmanager', 10).logFile, names(1));

  const dead = spawnSync(process.execPath, ['-e', '']).pid!;
  writeFileSync(lock, `${dead}\n`);
  assert.equal(claimProcessLogFiles(dir, 'taskmanager', 10).logFile, first.logFile);
});

test('files of an earlier process with the name are rotated, keeping env.log.max of them', () => {
  const { logFile, outFile } = claimProcessLogFiles(dir, 'taskmanager', 2);
  for (const run of ['a', 'b', 'c']) {
    writeFileSync(join(dir, logFile), `log ${run}`);
    writeFileSync(join(dir, outFile), `out ${run}`);
    claimProcessLogFiles(dir, 'taskmanager', 2);
  }
  assert.equal(existsSync(join(dir, logFile)), false, 'the new process starts a fresh file');
  assert.equal(readFileSync(join(dir, `${logFile}.1`), 'utf8'), 'log c');
  assert.equal(readFileSync(join(dir, `${logFile}.2`), 'utf8'), 'log b');
  assert.equal(readFileSync(join(dir, `${outFile}.1`), 'utf8'), 'out c');
  assert.equal(readdirSync(dir).filter((f) => f.includes('.log.')).length, 2);
});
