/**
 * The heap keyed state backend (Flink's HeapKeyedStateBackend, `state.backend.type: hashmap`):
 * every state's values live in JS maps per key group slot (state-table.ts), as the objects the
 * functions put there. Its snapshots are inline: the state is on the heap already.
 */
import { AbstractKeyedStateBackend } from './abstract-keyed-state-backend.js';
import { decodeCompositeKey, encodeCompositeKey, isCompositeKey } from './key-encoding.js';
import type { KeyGroupChunk } from './keyed-state-file.js';
import { restoreValue, snapshotValue, type KeyedEntries, type KeyedStateSnapshot } from './keyed-state-snapshot.js';
import type { StateTable } from './state-table.js';

export class HeapKeyedStateBackend extends AbstractKeyedStateBackend<StateTable<unknown>> {
  snapshot(): KeyedStateSnapshot {
    const states: KeyedStateSnapshot['states'] = [];
    for (const [name, { kind }] of this.states) states.push([name, kind]);
    const keyGroups: KeyedStateSnapshot['keyGroups'] = [];
    const { start, end } = this.keyGroupRange;
    for (let keyGroup = start; keyGroup <= end; keyGroup++) {
      const slot = (keyGroup - start) * 2;
      const inGroup: [string, KeyedEntries][] = [];
      for (const [name, { kind, values }] of this.states) {
        const entries: KeyedEntries = [];
        for (const [id, value] of values.slotEntries(slot)) entries.push([id, snapshotValue(kind, value)]);
        for (const [id, value] of values.slotEntries(slot + 1)) entries.push([decodeCompositeKey(id as string), snapshotValue(kind, value)]);
        if (entries.length > 0) inGroup.push([name, entries]);
      }
      if (inGroup.length > 0) keyGroups.push([keyGroup, inGroup]);
    }
    return { states, keyGroups };
  }

  protected restoreKeyGroup(keyGroup: number, states: KeyGroupChunk[1]): void {
    const slot = (keyGroup - this.keyGroupRange.start) * 2;
    for (const [name, entries] of states) {
      const { kind, values } = this.states.get(name)!;
      for (const [key, value] of entries) {
        if (isCompositeKey(key)) values.restore(slot + 1, encodeCompositeKey(key), restoreValue(kind, value));
        else values.restore(slot, key, restoreValue(kind, value));
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
