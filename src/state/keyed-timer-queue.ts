/**
 * The timers of one keyed operator (Flink's InternalTimerService queue): at most one timer per
 * key and timestamp, polled in timestamp order (registration order among equal timestamps). A
 * binary min-heap whose timers know their heap position, so deleting one is O(log n); a
 * per-key index finds the timer of a (key, timestamp) pair. Snapshots hold the timers per key
 * group, as Flink writes timers with the keyed state.
 */
import { containsKeyGroup, type KeyGroupRange } from '../common/key-group-range.js';
import type { AbstractKeyedStateBackend } from './abstract-keyed-state-backend.js';
import type { KeyContext, StateTable } from './state-table.js';

/** A registered timer: its time and the key it was registered for. */
export interface InternalTimer extends KeyContext {
  readonly timestamp: number;
}

/** The timers of a snapshot: per key group (ascending), each timer's time and key, in firing order. */
export type TimersSnapshot = [keyGroup: number, timers: [timestamp: number, key: unknown][]][];

interface HeapTimer extends InternalTimer {
  /** Registration order, so timers of equal timestamp fire deterministically. */
  readonly seq: number;
  heapIndex: number;
}

export class KeyedTimerQueue {
  private readonly heap: HeapTimer[] = [];
  /** Per key: its timers by timestamp. */
  private byKey: StateTable<Map<number, HeapTimer>>;
  private seq = 0;

  constructor(private readonly backend: AbstractKeyedStateBackend) {
    this.byKey = backend.createTable();
  }

  get size(): number {
    return this.heap.length;
  }

  /** Adds a timer at `timestamp` for the current key; false if the key already has one then. */
  add(timestamp: number): boolean {
    let timers = this.byKey.get();
    if (timers === undefined) this.byKey.put((timers = new Map()));
    else if (timers.has(timestamp)) return false;
    const { key, slot, id } = this.backend;
    const timer: HeapTimer = { key, slot, id, timestamp, seq: this.seq++, heapIndex: this.heap.length };
    timers.set(timestamp, timer);
    this.heap.push(timer);
    this.siftUp(timer.heapIndex);
    return true;
  }

  /** Removes the current key's timer at `timestamp`, if there is one. */
  delete(timestamp: number): void {
    const timers = this.byKey.get();
    const timer = timers?.get(timestamp);
    if (timer === undefined) return;
    this.forget(timers!, timestamp);
    this.removeAt(timer.heapIndex);
  }

  /** The earliest timer, left in the queue. */
  peek(): InternalTimer | undefined {
    return this.heap[0];
  }

  /**
   * Removes the earliest timer if it is due at `time` and makes its key the backend's current
   * key (the state its `onTimer` sees); undefined when no timer is due.
   */
  pollDue(time: number): InternalTimer | undefined {
    const timer = this.heap[0];
    if (timer === undefined || timer.timestamp > time) return undefined;
    this.removeAt(0);
    this.backend.setCurrentKeyContext(timer);
    this.forget(this.byKey.get()!, timer.timestamp);
    return timer;
  }

  /** Every timer, by key group (taken between two records or timers). */
  snapshot(): TimersSnapshot {
    const timers = this.heap.slice().sort((a, b) => a.slot - b.slot || (before(a, b) ? -1 : 1));
    const snapshot: TimersSnapshot = [];
    let group: [number, unknown][] | undefined;
    let groupKeyGroup = -1;
    for (const timer of timers) {
      const keyGroup = this.backend.keyGroupOfSlot(timer.slot);
      if (keyGroup !== groupKeyGroup) snapshot.push([(groupKeyGroup = keyGroup), (group = [])]);
      group!.push([timer.timestamp, timer.key]);
    }
    return snapshot;
  }

  /**
   * Re-registers the timers of `snapshot` for their keys (leaving the last one's key current).
   * Key groups outside the backend's range are skipped: after a rescale they belong to another subtask.
   */
  restore(snapshot: TimersSnapshot): void {
    for (const [keyGroup, timers] of snapshot) {
      if (!this.backend.ownsKeyGroup(keyGroup)) continue;
      for (const [timestamp, key] of timers) {
        this.backend.setCurrentKey(key);
        this.add(timestamp);
      }
    }
  }

  /** Drops every timer. */
  clear(): void {
    this.heap.length = 0;
    this.byKey = this.backend.createTable();
  }

  private forget(timers: Map<number, HeapTimer>, timestamp: number): void {
    timers.delete(timestamp);
    if (timers.size === 0) this.byKey.remove();
  }

  private removeAt(index: number): void {
    const last = this.heap.pop()!;
    if (index === this.heap.length) return;
    this.place(last, index);
    this.siftDown(index);
    this.siftUp(last.heapIndex);
  }

  /** Moves the timer at `index` up past every later parent. */
  private siftUp(index: number): void {
    const timer = this.heap[index]!;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(timer, this.heap[parent]!)) break;
      this.place(this.heap[parent]!, index);
      index = parent;
    }
    this.place(timer, index);
  }

  /** Moves the timer at `index` down past every earlier child. */
  private siftDown(index: number): void {
    const heap = this.heap;
    const timer = heap[index]!;
    for (let child = 2 * index + 1; child < heap.length; child = 2 * index + 1) {
      if (child + 1 < heap.length && before(heap[child + 1]!, heap[child]!)) child++;
      if (!before(heap[child]!, timer)) break;
      this.place(heap[child]!, index);
      index = child;
    }
    this.place(timer, index);
  }

  private place(timer: HeapTimer, index: number): void {
    this.heap[index] = timer;
    timer.heapIndex = index;
  }
}

function before(a: HeapTimer, b: HeapTimer): boolean {
  return a.timestamp < b.timestamp || (a.timestamp === b.timestamp && a.seq < b.seq);
}

/** The timers of `range` in `snapshots` (one operator's, in subtasks of another parallelism, in subtask order): what a subtask owning `range` restores after a rescale. */
export function selectTimers(snapshots: readonly TimersSnapshot[], range: KeyGroupRange): TimersSnapshot {
  return snapshots.flatMap((snapshot) => snapshot.filter(([keyGroup]) => containsKeyGroup(range, keyGroup)));
}
