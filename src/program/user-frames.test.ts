import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withoutJobManagerInternals } from './user-frames.js';

const CACHE = '/tmp/sluice-jm-x1/packages';
const SHA = 'ab'.repeat(32);

describe('withoutJobManagerInternals', () => {
  it("keeps the message and the package's frames, without the cache path", () => {
    const text = [
      "The program's main (entry 'Job') failed: TypeError: bad <input>",
      `    at parse (file://${CACHE}/${SHA}/job.mjs?run=3:12:7)`,
      '    at Array.map (<anonymous>)',
      `    at file://${CACHE}/${SHA}/job.mjs:40:1`,
      '    at Object.run (/opt/sluice/dist/src/program/entry-points.js:44:65)',
      '    at async captureStreamGraph (file:///opt/sluice/dist/src/program/plan-mode.js:33:5)',
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
      `Cannot find package 'left-pad' imported from ${CACHE}/${SHA}/job.mjs`,
    ].join('\n');
    assert.equal(withoutJobManagerInternals(text, CACHE), [
      "The program's main (entry 'Job') failed: TypeError: bad <input>",
      '    at parse (job.mjs:12:7)',
      '    at job.mjs:40:1',
      "Cannot find package 'left-pad' imported from job.mjs",
    ].join('\n'));
  });

  it('leaves text without frames or paths as it is', () => {
    const text = "The program's main did not call execute() (no job was defined)\n\nOutput of the program (last lines):\nat the end";
    assert.equal(withoutJobManagerInternals(text, CACHE), text);
  });
});
