/**
 * The heap keyed state backend (Flink's HeapKeyedStateBackend, `state.backend.type: hashmap`):
 * every state's values live in JS maps per key group slot (state-table.ts), as the objects the
 * functions put there.
 */
import { AbstractKeyedStateBackend, type SnapshotEntry } from './abstract-keyed-state-backend.js';
import { decodeCompositeKey, encodeCompositeKey, isCompositeKey } from './key-encoding.js';
import type { KeyGroupChunk } from './keyed-state-file.js';
import { restoreValue, snapshotValue } from './keyed-state-snapshot.js';
import type { StateTable } from './state-table.js';

export class HeapKeyedStateBackend extends AbstractKeyedStateBackend<StateTable<unknown>> {
  protected *snapshotEntries(): Generator<SnapshotEntry> {
    const { start, end } = this.keyGroupRange;
    for (let keyGroup = start; keyGroup <= end; keyGroup++) {
      const slot = (keyGroup - start) * 2;
      for (const [name, { kind, values }] of this.states) {
        for (const [id, value] of values.slotEntries(slot)) yield [keyGroup, name, id, snapshotValue(kind, value), 0];
        for (const [id, value] of values.slotEntries(slot + 1)) yield [keyGroup, name, decodeCompositeKey(id as string), snapshotValue(kind, value), 0];
      }
    }
  }

  /** A restored value replaces the key's (so a delta's entries need nothing more). */
  protected restoreKeyGroup(keyGroup: number, states: KeyGroupChunk[1]): void {
    const slot = (keyGroup - this.keyGroupRange.start) * 2;
    for (const [name, entries, deleted] of states) {
      const { kind, values } = this.states.get(name)!;
      for (const [key, value] of entries) {
        if (isCompositeKey(key)) values.restore(slot + 1, encodeCompositeKey(key), restoreValue(kind, value));
        else values.restore(slot, key, restoreValue(kind, value));
      }
      for (const key of deleted ?? []) {
        if (isCompositeKey(key)) values.discard(slot + 1, encodeCompositeKey(key));
        else values.discard(slot, key);
      }
    }
  }

  /** Nothing outside the JS heap: the garbage collector frees the maps. */
  dispose(): Promise<void> {
    return Promise.resolve();
  }

  protected createValues(): StateTable<unknown> {
    return this.createTable();
  }
}
