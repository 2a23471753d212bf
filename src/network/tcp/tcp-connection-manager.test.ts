import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { newId } from '../../common/ids.js';
import { silentLogger } from '../../common/log.js';
import { BufferKind } from '../buffer-kind.js';
import type { DataMessage, TaskMessage } from '../task-messages.js';
import type { PeerAddress, PeerConnectionLost } from './data-plane-listener.js';
import { TcpConnectionManager } from './tcp-connection-manager.js';

/** A TaskManager's data plane with everything its listener hears. */
class Peer {
  readonly received: { msg: TaskMessage; via: number }[] = [];
  readonly lost: PeerConnectionLost[] = [];
  readonly manager: TcpConnectionManager;
  address!: PeerAddress;

  constructor(readonly id: string) {
    this.manager = new TcpConnectionManager(id, { onMessage: (msg, via) => this.received.push({ msg, via }), onPeerLost: (l) => this.lost.push(l) }, silentLogger());
  }

  async start(): Promise<this> {
    this.address = { taskManagerId: this.id, host: '127.0.0.1', port: await this.manager.listen('127.0.0.1', 0) };
    return this;
  }
}

async function until(what: string, condition: () => boolean): Promise<void> {
  for (let i = 0; !condition(); i++) {
    if (i > 1000) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function batch(jobId: string, marker: number): DataMessage {
  return { t: 'data', jobId, to: newId(), toAllocation: newId(), edge: '1-2', from: marker, bytes: Uint8Array.from([BufferKind.RECORD_BATCH, marker]) };
}

describe('TcpConnectionManager', () => {
  const peers: Peer[] = [];
  const start = async (id: string): Promise<Peer> => {
    const p = await new Peer(id).start();
    peers.push(p);
    return p;
  };
  after(async () => {
    for (const p of peers) await p.manager.close();
  });

  it('delivers batches and credits in order, one connection per job', async () => {
    const [a, b] = [await start('tm-a'), await start('tm-b')];
    const [job1, job2] = [newId(), newId()];
    const sent: TaskMessage[] = [batch(job1, 1), { t: 'credit', jobId: job1, to: newId(), toAllocation: newId(), edge: '3-4', channel: 1, credits: 2 }, batch(job2, 2), batch(job1, 3)];
    for (const m of sent) a.manager.send(b.address, m);
    await until('every message', () => b.received.length === sent.length);
    // In order per job (jobs have connections of their own, so not across jobs).
    for (const jobId of [job1, job2]) assert.deepEqual(b.received.map((r) => r.msg).filter((m) => m.jobId === jobId), sent.filter((m) => m.jobId === jobId));
    const via = (jobId: string): Set<number> => new Set(b.received.filter((r) => r.msg.jobId === jobId).map((r) => r.via));
    assert.equal(via(job1).size, 1);
    assert.equal(via(job2).size, 1);
    assert.notDeepEqual([...via(job1)], [...via(job2)], 'each job has its own connection');
  });

  it('closing one job\'s connection for bad input tells both sides about that job only; the other job goes on', async () => {
    const [a, b] = [await start('tm-a'), await start('tm-b')];
    const [job1, job2] = [newId(), newId()];
    a.manager.enterRound(job1, 4);
    a.manager.send(b.address, batch(job1, 1));
    a.manager.send(b.address, batch(job2, 2));
    await until('both batches', () => b.received.length === 2);
    b.manager.closeInbound(b.received[0]!.via, 'a batch for an attempt that ended');
    b.manager.closeInbound(b.received[0]!.via, 'reported again');
    assert.deepEqual(b.lost, [{ jobId: job1, taskManagerId: 'tm-a', round: 4, reason: 'bad input from it: a batch for an attempt that ended', endedByPeer: false }]);
    await until('the sender to see the close', () => a.lost.length === 1);
    assert.deepEqual(a.lost, [{ jobId: job1, taskManagerId: 'tm-b', round: 4, reason: 'the peer closed the connection', endedByPeer: true }]);
    // Messages of the lost connection's round are dropped (the channel would have a gap); the other job's flow.
    a.manager.send(b.address, batch(job1, 3));
    a.manager.send(b.address, batch(job2, 4));
    await until('the other job\'s batch', () => b.received.length === 3);
    assert.equal(b.received[2]!.msg.jobId, job2);
    // The job's next round opens a fresh connection.
    a.manager.enterRound(job1, 5);
    a.manager.send(b.address, batch(job1, 5));
    await until('the next round\'s batch', () => b.received.length === 4);
    assert.equal((b.received[3]!.msg as DataMessage).from, 5);
    assert.equal(a.lost.length, 1);
  });

  it('a newer round ends the old connection without blame, and the loss of an older round\'s connection is not reported', async () => {
    const [a, b] = [await start('tm-a'), await start('tm-b')];
    const job = newId();
    a.manager.send(b.address, batch(job, 1));
    a.manager.enterRound(job, 1);
    a.manager.send(b.address, batch(job, 2));
    await until('both rounds\' batches', () => b.received.length === 2);
    assert.deepEqual(b.received.map((r) => (r.msg as DataMessage).from), [1, 2]);
    assert.notEqual(b.received[0]!.via, b.received[1]!.via, 'the new round has a connection of its own');
    // Late bad input on a connection of round 0 while the receiver runs round 1: nobody is told.
    const c = await start('tm-c');
    c.manager.send(b.address, batch(job, 3));
    await until('the late batch', () => b.received.length === 3);
    b.manager.enterRound(job, 1);
    b.manager.closeInbound(b.received[2]!.via, 'a batch for an attempt that ended');
    await until('tm-c to see the close', () => c.lost.length === 1);
    assert.deepEqual([a.lost, b.lost], [[], []]);
    // A loss in the current round is reported.
    b.manager.closeInbound(b.received[1]!.via, 'an unknown channel');
    assert.deepEqual(b.lost.map((l) => [l.taskManagerId, l.round]), [['tm-a', 1]]);
  });

  it('a peer that is not there is a loss of that job\'s connection', async () => {
    const a = await start('tm-a');
    const gone = await start('tm-gone');
    await gone.manager.close();
    const job = newId();
    a.manager.enterRound(job, 2);
    a.manager.send(gone.address, batch(job, 1));
    await until('the loss', () => a.lost.length === 1);
    assert.equal(a.lost[0]!.jobId, job);
    assert.equal(a.lost[0]!.round, 2);
    assert.match(a.lost[0]!.reason, /connection failed: .*ECONNREFUSED/);
    assert.equal(a.lost[0]!.endedByPeer, false, 'a peer never reached did not end anything');
  });
});
