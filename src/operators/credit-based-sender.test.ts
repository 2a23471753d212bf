import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreditBasedSender, INITIAL_CREDIT } from './credit-based-sender.js';

function recordingSender(channels: number) {
  const sent: string[] = [];
  let available = 0;
  const sender = new CreditBasedSender({
    transmit: (c, records) => sent.push(`${c}:${records.join(',')}`),
    transmitEnd: (c) => sent.push(`${c}:END`),
  }, channels, () => available++);
  return { sender, sent, availableCalls: () => available };
}

test('batches within the initial credit go out at once', () => {
  const { sender, sent } = recordingSender(2);
  for (let i = 0; i < INITIAL_CREDIT; i++) sender.send(0, [i]);
  assert.equal(sent.length, INITIAL_CREDIT);
  assert.equal(sender.isAvailable, true);
});

test('without credit batches wait, the output is unavailable, and credit releases them in order', () => {
  const { sender, sent, availableCalls } = recordingSender(2);
  for (let i = 0; i < INITIAL_CREDIT + 2; i++) sender.send(0, [i]);
  sender.end(0);
  sender.send(1, ['x']);
  assert.equal(sender.isAvailable, false);
  assert.deepEqual(sent.slice(-1), ['1:x']);
  sender.addCredit(0, 1);
  assert.equal(sender.isAvailable, false);
  sender.addCredit(0, 1);
  assert.equal(sender.isAvailable, true);
  assert.equal(availableCalls(), 1);
  assert.deepEqual(sent.filter((s) => s.startsWith('0:')).slice(-3), [`0:${INITIAL_CREDIT}`, `0:${INITIAL_CREDIT + 1}`, '0:END']);
});

test('end of channel waits behind its backlog', () => {
  const { sender, sent } = recordingSender(1);
  for (let i = 0; i <= INITIAL_CREDIT; i++) sender.send(0, [i]);
  sender.end(0);
  assert.ok(!sent.includes('0:END'));
  sender.addCredit(0, 1);
  assert.equal(sent.at(-1), '0:END');
});

test('a re-entrant flush releases the backlog and becomes available exactly once', () => {
  let sender!: CreditBasedSender;
  let grant = false;
  let available = 0;
  const sent: number[] = [];
  sender = new CreditBasedSender({
    transmit: (c, records) => {
      sent.push(records[0] as number);
      if (grant) sender.addCredit(c, 1);
    },
    transmitEnd: () => undefined,
  }, 1, () => available++);
  for (let i = 0; i < INITIAL_CREDIT + 3; i++) sender.send(0, [i]);
  assert.equal(sender.isAvailable, false);
  grant = true;
  sender.addCredit(0, 1);
  assert.deepEqual(sent, [0, 1, 2, 3, 4, 5, 6]);
  assert.equal(sender.isAvailable, true);
  assert.equal(available, 1);
  grant = false;
  for (let i = 0; i < 10; i++) sender.send(0, [i]);
  assert.equal(sender.isAvailable, false, 'blocked again once credit runs out (the counter did not go negative)');
});
