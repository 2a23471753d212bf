/** How the ResourceManager picks a free slot (Flink's slot matching strategies). */

/** A TaskManager's free-slot view, for matching. */
export interface SlotCandidate {
  resourceId: string;
  slotIndex: number;
  /** Free slots the TaskManager has in total. */
  freeSlotsOfTaskManager: number;
  totalSlotsOfTaskManager: number;
  /** Registration order of the TaskManager (older first). */
  registrationOrder: number;
}

/**
 * Picks one slot: packing fills the oldest TaskManager first; spreading (Flink's
 * `cluster.evenly-spread-out-slots`) picks the TaskManager with the lowest utilisation.
 */
export function pickSlot(candidates: readonly SlotCandidate[], evenlySpread: boolean): SlotCandidate | undefined {
  let best: SlotCandidate | undefined;
  for (const c of candidates) {
    if (best === undefined || better(c, best, evenlySpread)) best = c;
  }
  return best;
}

function better(a: SlotCandidate, b: SlotCandidate, evenlySpread: boolean): boolean {
  if (evenlySpread) {
    const ua = 1 - a.freeSlotsOfTaskManager / a.totalSlotsOfTaskManager;
    const ub = 1 - b.freeSlotsOfTaskManager / b.totalSlotsOfTaskManager;
    if (ua !== ub) return ua < ub;
  }
  if (a.registrationOrder !== b.registrationOrder) return a.registrationOrder < b.registrationOrder;
  return a.slotIndex < b.slotIndex;
}
