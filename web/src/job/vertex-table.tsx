/** The job's vertices (Flink's vertex list); a click expands one vertex's subtasks. */
import { Fragment } from 'react';
import type { JobVertexDetails } from '../../../src/rest/api-types.js';
import { StateBadge, TaskCounts } from '../state-badge.js';
import { IO_COLUMNS, IoCells } from './io-cells.js';
import { SubtaskTable } from './subtask-table.js';

const COLUMNS = ['Name', 'Status', 'Parallelism', ...IO_COLUMNS, 'Tasks'];

export interface VertexTableProps {
  jobId: string;
  vertices: readonly JobVertexDetails[];
  /** The expanded vertex: only its subtasks are fetched. */
  expanded?: string;
  onToggle: (vertexId: string) => void;
}

export function VertexTable({ jobId, vertices, expanded, onToggle }: VertexTableProps) {
  return (
    <table className="vertex-table" data-testid="vertex-table">
      <thead><tr>{COLUMNS.map((c) => <th key={c}>{c}</th>)}</tr></thead>
      <tbody>
        {vertices.map((v) => (
          <Fragment key={v.id}>
            <tr className={`clickable${v.id === expanded ? ' expanded' : ''}`} onClick={() => onToggle(v.id)} aria-expanded={v.id === expanded}>
              <td className="name" title={v.name}><span className="toggle">{v.id === expanded ? '▾' : '▸'}</span>{v.name}</td>
              <td><StateBadge state={v.status} /></td>
              <td>{v.parallelism}</td>
              <IoCells metrics={v.metrics} startTime={v['start-time']} duration={v.duration} />
              <td><TaskCounts tasks={v.tasks} /></td>
            </tr>
            {v.id === expanded && (
              <tr className="subtasks-row"><td colSpan={COLUMNS.length}><SubtaskTable jobId={jobId} vertexId={v.id} /></td></tr>
            )}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}
