import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErrorCode } from '../common/errors.js';
import { listEntryPoints, resolveEntryPoint, type JobModule } from './entry-points.js';

class WordCount {
  static description = 'Counts words';
  static main(args: string[]): string {
    return `WordCount ${args.join(' ')}`;
  }
}
class Helper {}
const run = (module: JobModule, entryClass?: string) => resolveEntryPoint(module, entryClass).run(['x']);

describe('entry points', () => {
  it('lists classes and objects with a static main, and functions, but not other classes or values', () => {
    const module = { WordCount, Helper, VERSION: 3, tool: { main: () => 'tool' }, main: () => 'fn' };
    assert.deepEqual(listEntryPoints(module), [
      { name: 'WordCount', description: 'Counts words' },
      { name: 'tool', description: null },
      { name: 'main', description: null },
    ]);
  });

  it('runs the named entry, calling a static main on its class', () => {
    assert.equal(run({ WordCount, main: () => 'fn' }, 'WordCount'), 'WordCount x');
    assert.equal(run({ WordCount, other: (args: string[]) => `other ${args[0]}` }, 'other'), 'other x');
  });

  it('defaults to the main export, else the single class with a static main', () => {
    assert.equal(run({ WordCount, main: () => 'fn' }), 'fn');
    assert.equal(run({ WordCount, Helper, helper: () => 1 }), 'WordCount x');
  });

  it('names the entry points that exist when the requested or default one does not', () => {
    assert.throws(() => run({ WordCount }, 'Wordcount'), (err: Error & { code: string }) => {
      assert.equal(err.code, ErrorCode.ENTRY_NOT_FOUND);
      assert.equal(err.message, "Entry point 'Wordcount' not found in the job package; entry points: WordCount");
      return true;
    });
    assert.throws(() => run({ Helper }, 'Helper'), /exports no entry point/);
    assert.throws(() => run({ A: WordCount, B: WordCount }), /several entry points .*; entry points: A, B/);
  });
});
