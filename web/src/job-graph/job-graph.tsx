/**
 * A job's dataflow graph: the plan laid out by elkjs, drawn by React Flow, edges labelled with
 * their ship strategy. Works with the plan alone (the Submit page's plan preview); with a running
 * job's vertices and rates each box also shows state, records and load.
 */
import { MarkerType, ReactFlow, type Edge } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, useState } from 'react';
import type { JobPlan, JobVertexDetails } from '../../../src/rest/api-types.js';
import { ErrorMessage } from '../error-message.js';
import './job-graph.css';
import { layoutPlan, planEdges, planShape, type Position } from './layout.js';
import { VertexNode, type VertexNodeType } from './vertex-node.js';
import type { VertexRates } from './vertex-rates.js';

export interface JobGraphProps {
  plan: JobPlan;
  /** The job's vertices (`/jobs/:id` `vertices`), for states and records. */
  vertices?: readonly JobVertexDetails[];
  /** Live rates per vertex id. */
  rates?: ReadonlyMap<string, VertexRates>;
  selected?: string;
  /** Called with the id of a clicked vertex. */
  onSelect?: (vertexId: string) => void;
}

// Module-level, so React Flow sees the same node types on every render.
const NODE_TYPES = { vertex: VertexNode };

export function JobGraph({ plan, vertices, rates, selected, onSelect }: JobGraphProps) {
  const positions = usePlanLayout(plan);
  const edges = useMemo<Edge[]>(() => planEdges(plan).map((e) => ({
    id: e.id,
    source: e.source,
    target: e.target,
    label: e.shipStrategy,
    markerEnd: { type: MarkerType.ArrowClosed },
    className: 'plan-edge',
  })), [plan]);
  if (positions instanceof Error) return <ErrorMessage error={positions} />;
  if (!positions) return <div className="job-graph loading">Laying out the graph…</div>;
  const byId = new Map(vertices?.map((v) => [v.id, v]));
  const nodes: VertexNodeType[] = plan.nodes.map((n) => ({
    id: n.id,
    type: 'vertex',
    position: positions.get(n.id) ?? { x: 0, y: 0 },
    data: { name: byId.get(n.id)?.name ?? n.description, parallelism: n.parallelism, vertex: byId.get(n.id), rates: rates?.get(n.id), selected: n.id === selected },
  }));
  return (
    <div className="job-graph" data-testid="job-graph">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        fitView
        fitViewOptions={{ maxZoom: 1 }}
        minZoom={0.1}
        nodesDraggable={false}
        nodesConnectable={false}
        onNodeClick={(_, node) => onSelect?.(node.id)}
      />
    </div>
  );
}

/** The vertex positions, computed again only when the plan's shape changes. */
function usePlanLayout(plan: JobPlan): Map<string, Position> | Error | undefined {
  const shape = planShape(plan);
  const [layout, setLayout] = useState<{ shape: string; result: Map<string, Position> | Error }>();
  useEffect(() => {
    let current = true;
    layoutPlan(plan).then(
      (result) => current && setLayout({ shape, result }),
      (err: Error) => current && setLayout({ shape, result: new Error(`The graph could not be laid out: ${err.message}`) }),
    );
    return () => {
      current = false;
    };
    // Keyed on the shape, not the plan object, which is new with every poll.
  }, [shape]);
  return layout?.shape === shape ? layout.result : undefined;
}
