import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import {
  computeTopTable,
  filterTopTable,
  formatShare,
  formatValue,
  sortTopTable,
  type CallTree,
  type Profile,
  type SearchQuery,
  type TopTableColumn,
} from '../core/index';
import { ContextMenu } from './ContextMenu';
import { buttonStyle, gridRowStyle, rootStyle, themeColor } from './styles';
import { themedRootProps, useResolvedTheme, type ThemedProps } from './use-theme';
import { useControllableState } from './use-controllable-state';
import { useProfileTree } from './use-profile-tree';
import { useVirtualRows } from './use-virtual-rows';

export interface TopTableSort {
  column: TopTableColumn;
  direction: 'asc' | 'desc';
}

export interface TopTableProps extends ThemedProps {
  profile?: Profile;
  sampleType?: number | string;
  tree?: CallTree;
  unit?: string;
  sort?: TopTableSort;
  defaultSort?: TopTableSort;
  onSortChange?: (sort: TopTableSort) => void;
  /** Rows whose function matches; none when absent or empty. */
  search?: SearchQuery;
  selectedFunction?: string;
  defaultSelectedFunction?: string;
  onSelectedFunctionChange?: (name: string | undefined) => void;
  /**
   * Row actions: a "⋯" button on each row opens them as a menu, and the keys h, s and z run them
   * on the active row. Without any the table has no actions column.
   */
  onHighlightFunction?: (name: string) => void;
  onOpenSandwich?: (name: string) => void;
  onZoomToFunction?: (name: string) => void;
  /** Height of the scrolling body in CSS px. Default 360. */
  height?: number;
  'aria-label'?: string;
}

const ROW_HEIGHT = 26;

interface Column {
  key: TopTableColumn;
  label: string;
  value?: (row: number) => number;
  share?: (row: number) => number;
}

/**
 * Functions with their self and total, sortable by any column, filtered by the search, virtualised
 * so that 100,000 rows scroll smoothly. A keyboard-operable grid: arrows, Page Up/Down, Home/End
 * move the active row; Enter selects it; h, s and z run the row actions.
 */
export function TopTable(props: TopTableProps) {
  const { tree, unit } = useProfileTree(props);
  const table = useMemo(() => tree && computeTopTable(tree), [tree]);
  const [sort, setSort] = useControllableState(
    props.sort,
    // A table comparing two profiles opens on the largest increases: regressions first.
    props.defaultSort ??
      (tree?.baselineTotal
        ? { column: 'delta', direction: 'desc' }
        : { column: 'self', direction: 'desc' }),
    props.onSortChange,
  );
  const [selected, setSelected] = useControllableState<string | undefined>(
    props.selectedFunction,
    props.defaultSelectedFunction,
    props.onSelectedFunctionChange,
  );
  const sorted = useMemo(
    () => table && sortTopTable(table, sort.column, sort.direction),
    [table, sort],
  );
  const filtered = useMemo(
    () =>
      table && sorted && props.search?.text
        ? filterTopTable(table, props.search, sorted)
        : { rows: sorted ?? new Int32Array(0) },
    [table, sorted, props.search],
  );
  const rows = filtered.rows;
  const [active, setActive] = useState(0);
  const height = props.height ?? 360;
  const body = useRef<HTMLDivElement>(null);
  const virtual = useVirtualRows(body, rows.length, ROW_HEIGHT, height);
  const id = useId();
  const isDiff = table?.baselineTotal !== undefined;
  const theme = useResolvedTheme(props.theme);
  const rootRef = useRef<HTMLDivElement>(null);
  const [menu, setMenu] = useState<{ name: string; x: number; y: number } | undefined>();
  const hasActions = !!(
    props.onHighlightFunction ||
    props.onOpenSandwich ||
    props.onZoomToFunction
  );

  const columns: Column[] = table
    ? isDiff
      ? [
          { key: 'baselineTotal', label: 'Baseline', value: (r) => table.baselineTotal![r] },
          { key: 'total', label: 'Comparison', value: (r) => table.total[r] },
          { key: 'delta', label: 'Delta', value: (r) => table.total[r] - table.baselineTotal![r] },
          { key: 'deltaPercent', label: 'Delta %' },
          { key: 'name', label: 'Function' },
        ]
      : [
          {
            key: 'self',
            label: 'Self',
            value: (r) => table.self[r],
            share: (r) => table.selfShare[r],
          },
          {
            key: 'total',
            label: 'Total',
            value: (r) => table.total[r],
            share: (r) => table.totalShare[r],
          },
          { key: 'name', label: 'Function' },
        ]
    : [];

  const moveTo = (index: number) => {
    if (rows.length === 0) return;
    const next = Math.max(0, Math.min(rows.length - 1, index));
    setActive(next);
    virtual.scrollToIndex(next);
  };
  const activeName =
    table && rows.length > 0 ? table.name[rows[Math.min(active, rows.length - 1)]] : undefined;
  const onKeyDown = (event: KeyboardEvent) => {
    const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(active + 1),
      ArrowUp: () => moveTo(active - 1),
      PageDown: () => moveTo(active + page),
      PageUp: () => moveTo(active - page),
      Home: () => moveTo(0),
      End: () => moveTo(rows.length - 1),
      Enter: () => activeName !== undefined && setSelected(activeName),
      h: () => activeName !== undefined && props.onHighlightFunction?.(activeName),
      s: () => activeName !== undefined && props.onOpenSandwich?.(activeName),
      z: () => activeName !== undefined && props.onZoomToFunction?.(activeName),
    };
    const action = Object.prototype.hasOwnProperty.call(keys, event.key)
      ? keys[event.key]
      : undefined;
    if (!action) return;
    action();
    event.preventDefault();
  };
  const sortBy = (column: TopTableColumn) =>
    setSort(
      sort.column === column
        ? { column, direction: sort.direction === 'desc' ? 'asc' : 'desc' }
        : { column, direction: column === 'name' ? 'asc' : 'desc' },
    );

  // Columns shrink on a narrow page (their text cut with an ellipsis) rather than push it
  // sideways; a value column with a share bar is wider, the bar beside the text.
  const gridTemplate =
    columns
      .map((column) =>
        column.key === 'name'
          ? 'minmax(6rem, 2fr)'
          : column.share
            ? 'minmax(5rem, 1fr)'
            : 'minmax(3.5rem, 9.5rem)',
      )
      .join(' ') + (hasActions ? ' 2.5rem' : '');
  return (
    <div
      ref={rootRef}
      data-flamekit="top-table"
      {...themedRootProps(theme, props, { ...rootStyle, gap: 0, position: 'relative' })}
    >
      <div
        role="grid"
        aria-label={props['aria-label'] ?? 'Top functions'}
        aria-rowcount={rows.length + 1}
        aria-colcount={columns.length + (hasActions ? 1 : 0)}
        aria-activedescendant={rows.length > 0 ? `${id}-row-${active}` : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        style={{
          border: `1px solid ${themeColor.border}`,
          borderRadius: 6,
          outlineOffset: 2,
          minWidth: 0,
          overflow: 'hidden',
        }}
      >
        <div
          role="row"
          aria-rowindex={1}
          style={{
            display: 'grid',
            gridTemplateColumns: gridTemplate,
            background: themeColor.panel,
            borderBottom: `1px solid ${themeColor.border}`,
          }}
        >
          {columns.map((column) => (
            <div
              key={column.key}
              role="columnheader"
              aria-sort={
                sort.column === column.key
                  ? sort.direction === 'asc'
                    ? 'ascending'
                    : 'descending'
                  : 'none'
              }
              style={{ padding: '4px 8px', ...cellText }}
            >
              <button
                type="button"
                tabIndex={-1}
                onClick={() => sortBy(column.key)}
                style={{
                  ...buttonStyle,
                  border: 0,
                  background: 'transparent',
                  padding: 0,
                  fontWeight: 600,
                }}
              >
                {column.label}
                {sort.column === column.key ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}
              </button>
            </div>
          ))}
          {hasActions && (
            <div role="columnheader" aria-label="Actions" title="Row actions (keys h, s, z)" />
          )}
        </div>
        <div ref={body} role="rowgroup" style={{ height, overflow: 'auto', position: 'relative' }}>
          {filtered.error && (
            <div role="status" style={{ padding: 8, color: themeColor.error }}>
              {filtered.error}
            </div>
          )}
          {table && rows.length === 0 && !filtered.error && (
            <div style={{ padding: 8, color: themeColor.muted }}>No functions.</div>
          )}
          <div style={{ height: virtual.totalSize, position: 'relative' }}>
            {table &&
              virtual.items.map((item) => {
                const row = rows[item.index];
                const name = table.name[row];
                const isActive = item.index === active;
                return (
                  <div
                    key={item.key}
                    id={`${id}-row-${item.index}`}
                    role="row"
                    aria-rowindex={item.index + 2}
                    aria-selected={name === selected}
                    onClick={() => {
                      setActive(item.index);
                      setSelected(name);
                    }}
                    style={{
                      ...gridRowStyle({
                        top: item.start,
                        height: ROW_HEIGHT,
                        columns: gridTemplate,
                        selected: name === selected,
                        active: isActive,
                      }),
                      cursor: 'default',
                    }}
                  >
                    {columns.map((column) => (
                      <div
                        key={column.key}
                        role="gridcell"
                        style={{
                          padding: '0 8px',
                          overflow: 'hidden',
                          textOverflow: 'ellipsis',
                          whiteSpace: 'nowrap',
                          position: 'relative',
                          fontFamily: column.key === 'name' ? 'ui-monospace, monospace' : undefined,
                        }}
                        title={column.key === 'name' ? name : undefined}
                      >
                        {cellContent(column, row, table, unit)}
                      </div>
                    ))}
                    {hasActions && (
                      <div role="gridcell" style={{ display: 'flex', justifyContent: 'center' }}>
                        <button
                          type="button"
                          tabIndex={-1}
                          aria-label={`Actions for ${name}`}
                          aria-haspopup="menu"
                          aria-expanded={menu?.name === name}
                          onClick={(event) => {
                            event.stopPropagation();
                            const at = event.currentTarget.getBoundingClientRect();
                            const origin = rootRef.current!.getBoundingClientRect();
                            setMenu({ name, x: at.left - origin.left, y: at.bottom - origin.top });
                          }}
                          style={{ ...buttonStyle, padding: '0 6px', lineHeight: 1.2 }}
                        >
                          ⋯
                        </button>
                      </div>
                    )}
                  </div>
                );
              })}
          </div>
        </div>
      </div>
      {menu && (
        // On the table's root, not in the row: the rows scroll and clip what leaves them.
        <ContextMenu
          label={`Actions for ${menu.name}`}
          x={menu.x}
          y={menu.y + 2}
          onClose={() => setMenu(undefined)}
          items={[
            props.onHighlightFunction && {
              label: 'Highlight in the graph (h)',
              onSelect: () => props.onHighlightFunction!(menu.name),
            },
            props.onOpenSandwich && {
              label: 'Open in sandwich view (s)',
              onSelect: () => props.onOpenSandwich!(menu.name),
            },
            props.onZoomToFunction && {
              label: 'Zoom the graph to it (z)',
              onSelect: () => props.onZoomToFunction!(menu.name),
            },
          ].filter((item) => item !== undefined)}
        />
      )}
    </div>
  );
}

const cellText = {
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
  minWidth: 0,
} as const;

function cellContent(
  column: Column,
  row: number,
  table: NonNullable<ReturnType<typeof computeTopTable>>,
  unit: string,
) {
  if (column.key === 'name') return table.name[row];
  if (column.key === 'deltaPercent') {
    const baseline = table.baselineTotal![row];
    const change = table.total[row] - baseline;
    if (baseline === 0) return change === 0 ? '0 %' : change > 0 ? 'new' : 'removed';
    return `${change > 0 ? '+' : ''}${formatShare(change / Math.abs(baseline))}`;
  }
  const value = column.value!(row);
  const share = column.share?.(row);
  const text = (
    <>
      {column.key === 'delta' && value > 0 ? '+' : ''}
      {formatValue(value, unit)}
      {share !== undefined && (
        <span style={{ color: themeColor.muted }}> {formatShare(share)}</span>
      )}
    </>
  );
  if (share === undefined) return text;
  // The bar beside the text, never under it: the text keeps its width and the bar takes what is
  // left of the cell (none in a narrow column).
  return (
    <span style={{ display: 'flex', alignItems: 'center', gap: 6, minWidth: 0 }}>
      <span data-flamekit="share-text" style={{ ...cellText, flex: '0 1 auto' }}>
        {text}
      </span>
      <span
        aria-hidden
        data-flamekit="share-bar"
        style={{
          flex: '1 1 0',
          minWidth: 0,
          height: 6,
          borderRadius: 3,
          background: themeColor.panel,
        }}
      >
        <span
          style={{
            display: 'block',
            height: '100%',
            width: `${Math.max(0, Math.min(1, share)) * 100}%`,
            borderRadius: 3,
            background: `color-mix(in srgb, ${themeColor.accent} 55%, transparent)`,
          }}
        />
      </span>
    </span>
  );
}
