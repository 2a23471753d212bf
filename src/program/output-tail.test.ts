import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OutputTail } from './output-tail.js';

describe('OutputTail', () => {
  it('keeps everything under the limit', () => {
    const tail = new OutputTail(10);
    tail.append(Buffer.from('abc'));
    tail.append(Buffer.from('def'));
    assert.equal(tail.text(), 'abcdef');
  });

  it('keeps only the last bytes, and says so', () => {
    const tail = new OutputTail(5);
    tail.append(Buffer.from('abc'));
    tail.append(Buffer.from('defg'));
    tail.append(Buffer.from('hi'));
    assert.equal(tail.text(), '[...]efghi');
  });
});
