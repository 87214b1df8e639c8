import { TextInput, UnstyledButton } from '@mantine/core';
import { memo } from 'react';
import type { ColumnType, TableSort } from '../../../../../shared/contract/artifacts';
import { columnWidth, FILTER_H, HEAD_H } from './grid-layout';

interface GridHeadProps {
  columns: { name: string; type: ColumnType }[];
  sort: TableSort[];
  texts: Record<string, string>;
  errors: Record<string, string>;
  width: number;
  onSort: (column: string) => void;
  onFilterText: (column: string, text: string) => void;
}

/**
 * The sticky header: sort buttons and one filter input per column. Memoized (its callbacks are stable), so
 * scrolling never re-renders the inputs.
 */
export const GridHead = memo(function GridHead(props: GridHeadProps) {
  const { columns, sort, texts, errors, width, onSort, onFilterText } = props;
  const sortOf = (column: string) => (sort[0]?.column === column ? sort[0].dir : null);
  return (
    <div style={{ width, position: 'sticky', top: 0, zIndex: 2 }} className="results-grid__head">
      <div role="row" aria-rowindex={1} style={{ display: 'flex', height: HEAD_H }}>
        {columns.map((c) => {
          const dir = sortOf(c.name);
          return (
            <div
              key={c.name}
              role="columnheader"
              aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'}
              style={{ width: columnWidth(c.type) }}
              className="results-grid__th"
            >
              <UnstyledButton
                onClick={() => onSort(c.name)}
                className="results-grid__sort"
                data-testid={`sort-${c.name}`}
                aria-label={`${c.name}${dir ? `, sorted ${dir === 'asc' ? 'ascending' : 'descending'}` : ''}. Sort`}
                style={{ justifyContent: c.type === 'string' ? 'flex-start' : 'flex-end' }}
              >
                <span className="results-grid__name">{c.name}</span>
                <span aria-hidden="true" className="results-grid__arrow">
                  {dir === 'asc' ? '▲' : dir === 'desc' ? '▼' : ''}
                </span>
              </UnstyledButton>
            </div>
          );
        })}
      </div>
      <div role="row" aria-rowindex={2} style={{ display: 'flex', height: FILTER_H }}>
        {columns.map((c) => (
          <div
            key={c.name}
            role="gridcell"
            style={{ width: columnWidth(c.type) }}
            className="results-grid__filter"
          >
            <TextInput
              size="xs"
              value={texts[c.name] ?? ''}
              onChange={(e) => onFilterText(c.name, e.currentTarget.value)}
              placeholder={c.type === 'string' ? 'contains…' : c.type === 'date' ? '>2024-01-01' : '>100'}
              aria-label={`Filter ${c.name}`}
              error={errors[c.name] ? true : undefined}
              title={errors[c.name]}
              aria-invalid={errors[c.name] ? true : undefined}
              aria-description={errors[c.name]}
              data-testid={`filter-${c.name}`}
            />
          </div>
        ))}
      </div>
    </div>
  );
});
