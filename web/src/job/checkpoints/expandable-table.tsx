/**
 * A table whose rows expand, one at a time, to a row of details below them (Flink's checkpoint
 * tables). The details mount only while their row is expanded, so they fetch only then.
 */
import { Fragment, useState, type ReactNode } from 'react';

export interface ExpandableTableProps<T, K extends string | number> {
  testId: string;
  columns: readonly string[];
  rows: readonly T[];
  keyOf: (row: T) => K;
  /** The `<td>`s of a row, after its toggle. */
  cells: (row: T) => ReactNode;
  /** What an expanded row shows below it. */
  details: (row: T) => ReactNode;
}

export function ExpandableTable<T, K extends string | number>({ testId, columns, rows, keyOf, cells, details }: ExpandableTableProps<T, K>) {
  const [expanded, setExpanded] = useState<K>();
  return (
    <table data-testid={testId}>
      <thead><tr><th className="toggle-column" />{columns.map((c) => <th key={c}>{c}</th>)}</tr></thead>
      <tbody>
        {rows.map((row) => {
          const key = keyOf(row);
          const open = key === expanded;
          return (
            <Fragment key={key}>
              <tr className={`clickable${open ? ' expanded' : ''}`} onClick={() => setExpanded(open ? undefined : key)} aria-expanded={open}>
                <td className="toggle-column"><span className="toggle">{open ? '▾' : '▸'}</span></td>
                {cells(row)}
              </tr>
              {open && <tr className="subtasks-row"><td colSpan={columns.length + 1}>{details(row)}</td></tr>}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
