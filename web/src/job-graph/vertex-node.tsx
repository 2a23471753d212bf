/** One job vertex in the graph: name, parallelism, state colour, and its records and rates when known. */
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { JobVertexDetails } from '../../../src/rest/api-types.js';
import { formatCount, formatDecimal } from '../format.js';
import { NODE_HEIGHT, NODE_WIDTH } from './layout.js';
import type { VertexRates } from './vertex-rates.js';

export interface VertexNodeData extends Record<string, unknown> {
  name: string;
  parallelism: number;
  /** The vertex's state, absent for a plan that is not running (a preview). */
  vertex?: JobVertexDetails;
  rates?: VertexRates;
  selected: boolean;
}

export type VertexNodeType = Node<VertexNodeData, 'vertex'>;

export function VertexNode({ data }: NodeProps<VertexNodeType>) {
  const { vertex, rates } = data;
  const state = vertex?.status.toLowerCase() ?? 'plan';
  return (
    <div
      className={`vertex-node state-border-${state}${data.selected ? ' selected' : ''}`}
      style={{ width: NODE_WIDTH, height: NODE_HEIGHT }}
      data-testid="graph-vertex"
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="vertex-name" title={data.name}>{data.name}</div>
      <div className="vertex-line">
        Parallelism: {data.parallelism}
        {vertex && <span className={`state state-${state}`}>{vertex.status}</span>}
      </div>
      {vertex && (
        <div className="vertex-line">
          Records in {formatCount(vertex.metrics['read-records'])} · out {formatCount(vertex.metrics['write-records'])}
        </div>
      )}
      {rates && (
        <>
          <div className="vertex-line">
            {formatDecimal(rates.recordsInPerSecond)} in/s · {formatDecimal(rates.recordsOutPerSecond)} out/s
          </div>
          <div className="vertex-line">
            Busy {formatDecimal(rates.busyPercent)}% · Backpressured {formatDecimal(rates.backPressuredPercent)}%
          </div>
        </>
      )}
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}
