import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COLLECT_BUFFER_BATCHES } from '../protocol/collect-results.js';
import { CollectChannel, CollectSinkOperator } from './collect-sink-operator.js';
import { DEFAULT_BATCH_SIZE } from '../network/index.js';

function setup(): { channel: CollectChannel; sent: [number, boolean][]; granted: string[] } {
  const sent: [number, boolean][] = [];
  const granted: string[] = [];
  const channel = new CollectChannel((records, end) => sent.push([records.length, end]), (edge, producer) => granted.push(`${edge}/${producer}`), 10_000);
  return { channel, sent, granted };
}

describe('CollectChannel', () => {
  it('sends while it has credit, then keeps batches and holds input credit back until credit returns', () => {
    const { channel, sent, granted } = setup();
    for (let i = 0; i < COLLECT_BUFFER_BATCHES; i++) {
      channel.send([i], false);
      channel.grantInputCredit('1-2', 0);
    }
    assert.equal(sent.length, COLLECT_BUFFER_BATCHES);
    assert.equal(granted.length, COLLECT_BUFFER_BATCHES);
    channel.send([1, 2], false);
    channel.grantInputCredit('1-2', 1);
    channel.send([], true);
    assert.equal(channel.isBlocked, true);
    assert.deepEqual([sent.length, granted.length], [COLLECT_BUFFER_BATCHES, COLLECT_BUFFER_BATCHES]);
    channel.addCredit(1);
    assert.deepEqual(sent.slice(-2), [[2, false], [0, true]], 'the empty end marker needs no credit');
    assert.deepEqual(granted.slice(-1), ['1-2/1']);
    assert.equal(channel.isBlocked, false);
  });

  it('grants input credit that arrives while held credit is released after the held credit, never re-entering', () => {
    const granted: string[] = [];
    let channel: CollectChannel;
    // A producer in the same thread answers a grant by sending, so the task grants again from inside the grant.
    channel = new CollectChannel(() => undefined, (edge, producer) => {
      granted.push(`${edge}/${producer}`);
      if (producer === 0) channel.grantInputCredit(edge, 9);
    }, 10_000);
    for (let i = 0; i < COLLECT_BUFFER_BATCHES + 1; i++) channel.send([i], false);
    channel.grantInputCredit('1-2', 0);
    channel.grantInputCredit('1-2', 1);
    channel.addCredit(1);
    assert.deepEqual(granted, ['1-2/0', '1-2/1', '1-2/9']);
  });

  it('is delivered once the end is sent and every batch acknowledged, or once aborted', async () => {
    const { channel } = setup();
    channel.send([1], false);
    channel.send([], true);
    let delivered = false;
    const done = channel.delivered().then(() => (delivered = true));
    await new Promise((r) => setImmediate(r));
    assert.equal(delivered, false);
    channel.addCredit(1);
    await done;
    const aborted = setup().channel;
    aborted.send([1], false);
    const waiting = aborted.delivered();
    aborted.abort();
    await waiting;
  });
});

describe('CollectSinkOperator', () => {
  it('ships full batches at once, the rest at finish with the end mark, and closes once delivered', async () => {
    const { channel, sent } = setup();
    const sink = new CollectSinkOperator(channel);
    await sink.open();
    for (let i = 0; i < DEFAULT_BATCH_SIZE + 5; i++) sink.processElement(i);
    assert.deepEqual(sent, [[DEFAULT_BATCH_SIZE, false]]);
    sink.finish();
    assert.deepEqual(sent[1], [5, true]);
    const closed = sink.close();
    channel.addCredit(2);
    await closed;
  });

  it('flushes a partial batch after the flush interval', async () => {
    const sent: number[] = [];
    const sink = new CollectSinkOperator(new CollectChannel((records) => sent.push(records.length), () => undefined, 5));
    await sink.open();
    sink.processElement('x');
    await new Promise((r) => setTimeout(r, 30));
    assert.deepEqual(sent, [1]);
    await sink.close();
  });
});
