/**
 * Operator state (Flink's DefaultOperatorStateBackend): named lists of elements a subtask keeps
 * for its function, not per key. At the same parallelism a list state restores as the subtask
 * wrote it (SPLIT_DISTRIBUTE) and a union list state with the elements of every subtask (UNION,
 * see `unionListStates`); on a rescale a list state's elements are split among the new subtasks
 * (see `redistributeListStates`).
 */
import { ErrorCode, SluiceError } from '../common/errors.js';
import { indexRange } from '../common/index-range.js';
import { checkElement, copyElements } from './keyed-states.js';

/** How a list is redistributed on restore (Flink's OperatorStateHandle.Mode). */
export type OperatorStateMode = 'SPLIT_DISTRIBUTE' | 'UNION';

/** The store's snapshot: each list with its mode and elements (plain data msgpack round-trips). */
export type OperatorStateBackendSnapshot = [name: string, mode: OperatorStateMode, elements: unknown[]][];

/** A subtask's operator list state; matches the API's `ListState`. */
export class OperatorListState<T> {
  constructor(private elements: T[]) {}

  /** The elements in insertion order; the list itself, not a copy. */
  get(): Iterable<T> {
    return this.elements;
  }

  add(value: T): void {
    checkElement(value);
    this.elements.push(value);
  }

  addAll(values: Iterable<T>): void {
    for (const v of copyElements(values)) this.elements.push(v);
  }

  update(values: Iterable<T>): void {
    this.elements = copyElements(values);
  }

  clear(): void {
    this.elements = [];
  }

  /** A copy of the elements, for a snapshot. */
  snapshot(): T[] {
    return this.elements.slice();
  }
}

export class OperatorStateBackend {
  private readonly lists = new Map<string, { mode: OperatorStateMode; state: OperatorListState<unknown> }>();

  /** A store with the lists of `restored` (kept, and snapshotted again, whether or not they are asked for). */
  constructor(restored: OperatorStateBackendSnapshot = []) {
    for (const [name, mode, elements] of restored) this.lists.set(name, { mode, state: new OperatorListState(elements) });
  }

  /** The list `name` of `mode`, created empty on first use; one name holds one mode. */
  getListState<T>(name: string, mode: OperatorStateMode): OperatorListState<T> {
    let list = this.lists.get(name);
    if (list === undefined) this.lists.set(name, (list = { mode, state: new OperatorListState([]) }));
    else if (list.mode !== mode) {
      throw SluiceError.user(ErrorCode.INVALID_STATE_ACCESS, `Operator state '${name}' is a ${describe(list.mode)} and cannot be used as a ${describe(mode)}.`);
    }
    return list.state as OperatorListState<T>;
  }

  snapshot(): OperatorStateBackendSnapshot {
    return Array.from(this.lists, ([name, { mode, state }]) => [name, mode, state.snapshot()]);
  }
}

function describe(mode: OperatorStateMode): string {
  return mode === 'UNION' ? 'union list state' : 'list state';
}

/** Whether `snapshot` holds a union list state (restoring it then needs every subtask's snapshot). */
export function hasUnionListState(snapshot: OperatorStateBackendSnapshot): boolean {
  return snapshot.some(([, mode]) => mode === 'UNION');
}

/**
 * What a subtask restores at an unchanged parallelism (Flink's RoundRobinOperatorStateRepartitioner):
 * its `own` lists, except that each union list holds the concatenation of that list's elements in
 * `all` — the snapshots of every subtask of the operator in subtask order, `own` among them,
 * undefined for a subtask without one. A union list only other subtasks wrote is added, as in Flink.
 */
export function unionListStates(own: OperatorStateBackendSnapshot, all: readonly (OperatorStateBackendSnapshot | undefined)[]): OperatorStateBackendSnapshot {
  const unions = new Map<string, unknown[]>();
  for (const snapshot of all) {
    for (const [name, mode, elements] of snapshot ?? []) {
      if (mode !== 'UNION') continue;
      const union = unions.get(name);
      if (union === undefined) unions.set(name, elements.slice());
      else for (const element of elements) union.push(element);
    }
  }
  const merged: OperatorStateBackendSnapshot = own.map(([name, mode, elements]) => [name, mode, (mode === 'UNION' && unions.get(name)) || elements]);
  for (const [name, elements] of unions) if (!own.some(([ownName]) => ownName === name)) merged.push([name, 'UNION', elements]);
  return merged;
}

/**
 * What subtask `index` of `parallelism` restores after a rescale (Flink's
 * RoundRobinOperatorStateRepartitioner): each list's elements of `all` (the snapshots of every old
 * subtask of the operator, in subtask order) concatenated, a list state then split into
 * `parallelism` contiguous, near-equal parts of which it gets part `index`, a union list state
 * whole. Every list is kept, possibly empty.
 */
export function redistributeListStates(all: readonly OperatorStateBackendSnapshot[], index: number, parallelism: number): OperatorStateBackendSnapshot {
  const lists = new Map<string, { mode: OperatorStateMode; elements: unknown[] }>();
  for (const snapshot of all) {
    for (const [name, mode, elements] of snapshot) {
      const list = lists.get(name);
      if (list === undefined) lists.set(name, { mode, elements: elements.slice() });
      else for (const element of elements) list.elements.push(element);
    }
  }
  return Array.from(lists, ([name, { mode, elements }]) => {
    if (mode === 'UNION') return [name, mode, elements];
    const { start, end } = indexRange(elements.length, index, parallelism);
    return [name, mode, elements.slice(start, end)];
  });
}
