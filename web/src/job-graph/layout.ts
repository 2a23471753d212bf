/** Where each vertex of a plan goes: elkjs' layered algorithm, sources left, sinks right. */
import type { JobPlan } from '../../../src/rest/api-types.js';

/** Size of a vertex box in px; the node component draws at this size. */
export const NODE_WIDTH = 270;
export const NODE_HEIGHT = 132;

export interface Position {
  x: number;
  y: number;
}

/** elkjs is most of the bundle's weight: loaded on first use, so the other pages load without it. */
let elk: Promise<InstanceType<typeof import('elkjs/lib/elk.bundled.js').default>> | undefined;
const loadElk = (): NonNullable<typeof elk> => (elk ??= import('elkjs/lib/elk.bundled.js').then(({ default: ELK }) => new ELK()));

/** Vertex id → top-left position. */
export async function layoutPlan(plan: JobPlan): Promise<Map<string, Position>> {
  const graph = await (await loadElk()).layout({
    id: 'plan',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      // Room between layers for the ship-strategy labels on the edges.
      'elk.layered.spacing.nodeNodeBetweenLayers': '110',
      'elk.spacing.nodeNode': '40',
    },
    children: plan.nodes.map((n) => ({ id: n.id, width: NODE_WIDTH, height: NODE_HEIGHT })),
    edges: planEdges(plan).map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  });
  return new Map((graph.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }]));
}

export interface PlanEdge {
  id: string;
  source: string;
  target: string;
  shipStrategy: string;
}

/** The plan's edges, from each node's inputs (an input naming a node missing from the plan is left out). */
export function planEdges(plan: JobPlan): PlanEdge[] {
  const ids = new Set(plan.nodes.map((n) => n.id));
  return plan.nodes.flatMap((n) =>
    n.inputs
      .filter((input) => ids.has(input.id))
      .map((input) => ({ id: `${input.id}->${n.id}#${input.num}`, source: input.id, target: n.id, shipStrategy: input.ship_strategy })),
  );
}

/** Changes only when the plan's shape does, so live updates do not lay the graph out again. */
export const planShape = (plan: JobPlan): string =>
  JSON.stringify(plan.nodes.map((n) => [n.id, n.inputs.map((i) => i.id)]));
