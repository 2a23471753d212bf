/**
 * Barrier alignment on a real InputGate, drained the way a StreamTask drains it: blocked
 * channels' buffers are held in order (and keep their credit) until every open channel delivered
 * the barrier; newer barriers subsume older ones; ended channels count as aligned; AT_LEAST_ONCE
 * blocks nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CheckpointingMode } from '../protocol/checkpoints.js';
import type { TaskLocation } from '../protocol/deployment.js';
import { END_OF_PARTITION, EventType, SnapshotKind, InputChannel, InputGate, isRecordBatch, type ChannelPayload, type CheckpointBarrier } from '../network/index.js';
import { CheckpointBarrierHandler, type AlignmentMetrics } from './checkpoint-barrier-handler.js';

const EDGE = '1-2';
const HERE: TaskLocation = { executionAttemptId: 'p', allocationId: 'a', taskManagerId: 'tm', dataAddress: { host: 'h', port: 1 } };
const NAMES = 'ABC';

function barrier(checkpointId: number): CheckpointBarrier {
  return { type: EventType.CHECKPOINT_BARRIER, checkpointId, timestamp: Date.now(), kind: SnapshotKind.CHECKPOINT };
}

/**
 * A gate of `n` channels (A, B, C) and a handler on it. `log` records, in order, each processed
 * batch (`A:1,2`), each credit returned (`credit A`), each snapshot and decline.
 */
function harness(n: number, mode: CheckpointingMode = 'EXACTLY_ONCE') {
  const log: string[] = [];
  const alignments: AlignmentMetrics[] = [];
  let bytesProcessed = 0;
  const gate = new InputGate('j', 't', (reason) => assert.fail(reason));
  const channels = Array.from({ length: n }, (_, i) => new InputChannel(EDGE, i, HERE, 'local', () => log.push(`credit ${NAMES[i]}`)));
  gate.setUp(new Map([[EDGE, channels]]));
  const handler = new CheckpointBarrierHandler(gate, mode, {
    triggerCheckpointOnBarrier: (b, alignment) => {
      log.push(`snapshot ${b.checkpointId}`);
      alignments.push(alignment);
    },
    abortCheckpointOnBarrier: (checkpointId, reason) => log.push(`decline ${checkpointId}: ${reason.code}`),
    bytesProcessed: () => bytesProcessed,
  });
  return {
    log,
    alignments,
    handler,
    /** Producer `name` sends `payload` (`bytes` encoded). */
    send(name: string, payload: ChannelPayload, bytes = 0): void {
      gate.receive(EDGE, NAMES.indexOf(name), payload, bytes);
    },
    /** Processes what the gate hands over, as StreamTask.drain does. */
    drain(): void {
      for (let b = gate.pollNext(); b; b = gate.pollNext()) {
        const name = NAMES[b.channel.producerIndex]!;
        if (isRecordBatch(b.payload)) {
          bytesProcessed += b.bytes;
          log.push(`${name}:${b.payload.join(',')}`);
          b.channel.returnCredit();
        } else if (b.payload.type === EventType.CHECKPOINT_BARRIER) handler.processBarrier(b.payload, b.channel);
        else if (b.payload.type === EventType.END_OF_PARTITION) handler.processEndOfPartition();
      }
    },
  };
}

test('two channels: the channel that delivered the barrier is held, in order and without credit, until the other delivers it', () => {
  const h = harness(2);
  h.send('A', [1]);
  h.send('A', barrier(1));
  h.send('A', [2]);
  h.send('A', [3]);
  h.send('B', [10]);
  h.drain();
  assert.deepEqual(h.log, ['A:1', 'credit A', 'B:10', 'credit B'], "A's batches after its barrier wait, and so does their credit");
  h.send('B', [11]);
  h.send('B', barrier(1));
  h.send('B', [12]);
  h.send('A', [4]);
  h.drain();
  assert.deepEqual(h.log.slice(4), ['B:11', 'credit B', 'snapshot 1', 'A:2', 'credit A', 'A:3', 'credit A', 'B:12', 'credit B', 'A:4', 'credit A']);
  assert.equal(h.handler.isPending, false);
});

test('three channels, batches interleaved: the snapshot sees exactly the records before the barrier on every channel', () => {
  const h = harness(3);
  const order: [string, ChannelPayload, number][] = [
    ['A', [1], 5], ['B', [2], 5], ['A', barrier(1), 0], ['A', [3], 7], ['C', [4], 5], ['B', barrier(1), 0],
    ['B', [5], 7], ['A', [6], 7], ['C', [7], 5], ['C', barrier(1), 0], ['C', [8], 7],
  ];
  for (const [name, payload, bytes] of order) h.send(name, payload, bytes);
  h.drain();
  const processed = h.log.filter((l) => !l.startsWith('credit'));
  assert.deepEqual(processed, ['A:1', 'B:2', 'C:4', 'C:7', 'snapshot 1', 'A:3', 'B:5', 'A:6', 'C:8']);
  assert.equal(h.alignments[0]!.processedData, 10, 'the bytes processed between the first and the last barrier');
});

test('a newer barrier while one aligns declines the older one and starts aligning the newer', () => {
  const h = harness(3);
  h.send('A', barrier(1));
  h.send('A', [1]);
  h.send('B', barrier(1));
  h.send('C', barrier(2));
  h.send('C', [3]);
  h.drain();
  assert.deepEqual(h.log.filter((l) => !l.startsWith('credit')), ['decline 1: CHECKPOINT_DECLINED', 'A:1'], 'A and B are released; C is now held for checkpoint 2');
  h.send('A', barrier(2));
  h.send('B', barrier(2));
  h.drain();
  assert.deepEqual(h.log.filter((l) => !l.startsWith('credit')).slice(2), ['snapshot 2', 'C:3']);
});

test('a barrier older than the current checkpoint is ignored', () => {
  const h = harness(2);
  h.send('A', barrier(2));
  h.send('A', [1]);
  h.send('B', barrier(1));
  h.send('B', [2]);
  h.drain();
  assert.deepEqual(h.log.filter((l) => !l.startsWith('credit')), ['B:2'], 'barrier 1 neither completes nor releases anything');
  h.send('B', barrier(2));
  h.drain();
  assert.deepEqual(h.log.filter((l) => !l.startsWith('credit')), ['B:2', 'snapshot 2', 'A:1']);
});

test('a channel that ended counts as aligned, before or during the alignment', () => {
  const h = harness(3);
  h.send('C', END_OF_PARTITION);
  h.send('A', barrier(1));
  h.send('A', [1]);
  h.drain();
  assert.equal(h.log.length, 0, 'B has not delivered barrier 1 yet');
  h.send('B', [2]);
  h.send('B', END_OF_PARTITION);
  h.drain();
  assert.deepEqual(h.log.filter((l) => !l.startsWith('credit')), ['B:2', 'snapshot 1', 'A:1']);
});

test('an abort of the aligning checkpoint releases its channels; its later barriers are ignored', () => {
  const h = harness(2);
  h.send('A', barrier(1));
  h.send('A', [1]);
  h.drain();
  assert.equal(h.log.length, 0, 'A is held');
  h.handler.abort(1);
  h.drain();
  assert.deepEqual(h.log, ['A:1', 'credit A']);
  h.send('B', barrier(1));
  h.send('B', [2]);
  h.drain();
  assert.deepEqual(h.log.slice(2), ['B:2', 'credit B'], 'no snapshot for the aborted checkpoint');
  assert.equal(h.handler.isPending, false);
});

test('AT_LEAST_ONCE blocks nothing and snapshots when the last barrier arrives', () => {
  const h = harness(2, 'AT_LEAST_ONCE');
  h.send('A', barrier(1));
  h.send('A', [1]);
  h.send('B', [2]);
  h.send('B', barrier(1));
  h.send('B', [3]);
  h.drain();
  assert.deepEqual(h.log.filter((l) => !l.startsWith('credit')), ['A:1', 'B:2', 'snapshot 1', 'B:3']);
});
