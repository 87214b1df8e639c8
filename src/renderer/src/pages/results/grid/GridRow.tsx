import { memo } from 'react';
import type { CellValue, ColumnType } from '../../../../../shared/contract/artifacts';
import { cellText, columnWidth, ROW_H } from './grid-layout';

interface GridRowProps {
  index: number;
  /** undefined while its block is being fetched */
  row: CellValue[] | undefined;
  columns: { name: string; type: ColumnType }[];
  /** px from the top of the rows */
  top: number;
  width: number;
}

/**
 * One row of the grid. Memoized: a scroll re-renders only the rows that came into view or received their
 * data, not the whole screenful.
 */
export const GridRow = memo(function GridRow({ index, row, columns, top, width }: GridRowProps) {
  return (
    <div
      role="row"
      aria-rowindex={index + 3}
      data-row-index={index}
      data-loaded={row ? '1' : '0'}
      className={index % 2 ? 'results-grid__row results-grid__row--alt' : 'results-grid__row'}
      style={{
        position: 'absolute',
        top: 0,
        left: 0,
        height: ROW_H,
        width,
        display: 'flex',
        transform: `translateY(${top}px)`,
      }}
    >
      {row ? (
        columns.map((c, i) => (
          <div
            key={c.name}
            role="gridcell"
            className="results-grid__td"
            style={{ width: columnWidth(c.type), textAlign: c.type === 'string' ? 'left' : 'right' }}
          >
            {cellText(row[i])}
          </div>
        ))
      ) : (
        // One placeholder per row, not per cell: a jump renders a screenful of these at once.
        <div role="gridcell" aria-label="Loading" className="results-grid__loading" />
      )}
    </div>
  );
});
