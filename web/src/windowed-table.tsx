/**
 * A table that renders only the rows in view (plus a few either side), so hundreds of jobs or
 * subtasks cost a few dozen DOM rows. Rows have a fixed height (the `.windowed tr` CSS rule) so
 * the scroll position alone says which rows are visible.
 */
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';

/** Height of one body row in px; must match `.windowed tbody tr` in styles.css. */
export const ROW_HEIGHT = 34;
const OVERSCAN = 8;

export interface WindowedTableProps<T> {
  rows: readonly T[];
  /** The `<tr>` of the header. */
  header: ReactNode;
  /** The `<tr>` of one row (keyed by the caller). */
  renderRow: (row: T) => ReactNode;
  /** Rows visible before the table scrolls. */
  visibleRows?: number;
  testId?: string;
  /** Extra class of the scrolling container, e.g. for column widths. */
  className?: string;
  /** Shown instead of the body when there are no rows. */
  empty?: ReactNode;
}

export function WindowedTable<T>({ rows, header, renderRow, visibleRows = 15, testId, className, empty }: WindowedTableProps<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(visibleRows * ROW_HEIGHT);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setViewport(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const start = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const end = Math.min(rows.length, Math.ceil((scrollTop + viewport) / ROW_HEIGHT) + OVERSCAN);
  return (
    <div
      className={className ? `windowed ${className}` : 'windowed'}
      ref={scroller}
      style={{ maxHeight: (visibleRows + 1) * ROW_HEIGHT }}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      data-testid={testId}
    >
      <table>
        <thead>{header}</thead>
        <tbody>
          {start > 0 && <tr className="spacer" style={{ height: start * ROW_HEIGHT }} aria-hidden />}
          {rows.slice(start, end).map(renderRow)}
          {end < rows.length && <tr className="spacer" style={{ height: (rows.length - end) * ROW_HEIGHT }} aria-hidden />}
        </tbody>
      </table>
      {rows.length === 0 && empty}
    </div>
  );
}
