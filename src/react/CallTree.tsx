import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import {
  createInvertedTree,
  formatShare,
  formatValue,
  type CallTree as CallTreeModel,
  type InvertedNode,
  type NodePath,
  type Profile,
} from '../core/index';
import { computeBottomUpRows, computeTopDownRows, pathKey } from './call-tree-rows';
import { buttonStyle, rootStyle } from './styles';
import { useControllableState } from './use-controllable-state';
import { useProfileTree } from './use-profile-tree';
import { useVirtualRows } from './use-virtual-rows';

/** Value columns shrink on a narrow page (text cut with an ellipsis) rather than push it sideways. */
const CALL_TREE_COLUMNS = 'minmax(3.5rem, 9.5rem) minmax(3.5rem, 9.5rem) minmax(5rem, 1fr)';
const cellText = {
  whiteSpace: 'nowrap',
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  minWidth: 0,
} as const;

export type CallTreeMode = 'top-down' | 'bottom-up';

export interface CallTreeProps {
  profile?: Profile;
  sampleType?: number | string;
  tree?: CallTreeModel;
  unit?: string;
  mode?: CallTreeMode;
  defaultMode?: CallTreeMode;
  onModeChange?: (mode: CallTreeMode) => void;
  /** The selected row's path (from the root in top-down; from the function to its callers in bottom-up). */
  selectedPath?: NodePath;
  defaultSelectedPath?: NodePath;
  onSelectedPathChange?: (path: NodePath | undefined) => void;
  height?: number;
  'aria-label'?: string;
}

const ROW_HEIGHT = 24;
const INDENT = 14;

/**
 * The call tree as an expandable, virtualised tree grid, top-down or bottom-up, with total and
 * self: the screen-reader equivalent of the flame graph. Arrows move (right expands or enters,
 * left collapses or leaves), Home/End jump, Enter selects; the path to the selection is expanded.
 */
export function CallTree(props: CallTreeProps) {
  const { tree, unit } = useProfileTree(props);
  const [mode, setMode] = useControllableState(
    props.mode,
    props.defaultMode ?? 'top-down',
    props.onModeChange,
  );
  const [selectedPath, setSelectedPath] = useControllableState<NodePath | undefined>(
    props.selectedPath,
    props.defaultSelectedPath,
    props.onSelectedPathChange,
  );
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  // The lazy bottom-up tree, with the callers already computed, kept per tree.
  const bottomUp = useMemo(
    () =>
      tree && mode === 'bottom-up'
        ? { inverted: createInvertedTree(tree), cache: new Map<string, InvertedNode[]>() }
        : undefined,
    [tree, mode],
  );

  // Expand the path to the selection, so that it is in the rows.
  useEffect(() => {
    if (!selectedPath || selectedPath.length < 2) return;
    setExpanded((current) => {
      const next = new Set(current);
      for (let length = 1; length < selectedPath.length; length++)
        next.add(pathKey(selectedPath.slice(0, length)));
      return next.size === current.size ? current : next;
    });
  }, [selectedPath]);

  const rows = useMemo(() => {
    if (!tree) return [];
    return mode === 'top-down'
      ? computeTopDownRows(tree, expanded)
      : computeBottomUpRows(tree, bottomUp!.inverted, expanded, bottomUp!.cache);
  }, [tree, mode, expanded, bottomUp]);
  const selectedKey = selectedPath ? pathKey(selectedPath) : undefined;
  const [active, setActive] = useState(0);
  useEffect(() => {
    const index = rows.findIndex((row) => row.key === selectedKey);
    if (index >= 0) setActive(index);
  }, [rows, selectedKey]);
  const height = props.height ?? 360;
  const body = useRef<HTMLDivElement>(null);
  const virtual = useVirtualRows(body, rows.length, ROW_HEIGHT, height);
  const id = useId();
  const rootTotal = tree?.total[0] ?? 0;

  const toggle = (key: string, open?: boolean) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (open ?? !next.has(key)) next.add(key);
      else next.delete(key);
      return next;
    });
  const moveTo = (index: number) => {
    if (rows.length === 0) return;
    const next = Math.max(0, Math.min(rows.length - 1, index));
    setActive(next);
    virtual.scrollToIndex(next);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const row = rows[active];
    if (!row) return;
    const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1);
    let handled = true;
    if (event.key === 'ArrowDown') moveTo(active + 1);
    else if (event.key === 'ArrowUp') moveTo(active - 1);
    else if (event.key === 'PageDown') moveTo(active + page);
    else if (event.key === 'PageUp') moveTo(active - page);
    else if (event.key === 'Home') moveTo(0);
    else if (event.key === 'End') moveTo(rows.length - 1);
    else if (event.key === 'ArrowRight') {
      if (row.hasChildren && !row.expanded) toggle(row.key, true);
      else if (row.expanded) moveTo(active + 1);
    } else if (event.key === 'ArrowLeft') {
      if (row.expanded) toggle(row.key, false);
      else if (row.depth > 0) {
        const parent = pathKey(row.path.slice(0, -1));
        moveTo(rows.findIndex((candidate) => candidate.key === parent));
      }
    } else if (event.key === 'Enter' || event.key === ' ') setSelectedPath(row.path);
    else handled = false;
    if (handled) event.preventDefault();
  };

  return (
    <div data-flamekit="call-tree" style={{ ...rootStyle }}>
      <div role="radiogroup" aria-label="Call tree direction" style={{ display: 'flex', gap: 6 }}>
        {(['top-down', 'bottom-up'] as const).map((value) => (
          <button
            key={value}
            type="button"
            role="radio"
            aria-checked={mode === value}
            onClick={() => setMode(value)}
            style={{ ...buttonStyle, fontWeight: mode === value ? 600 : 400 }}
          >
            {value === 'top-down' ? 'Top-down' : 'Bottom-up'}
          </button>
        ))}
      </div>
      <div
        role="treegrid"
        aria-label={
          props['aria-label'] ??
          (mode === 'top-down' ? 'Call tree, top-down' : 'Call tree, bottom-up')
        }
        aria-rowcount={rows.length + 1}
        aria-colcount={3}
        aria-activedescendant={rows.length > 0 ? `${id}-row-${active}` : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        style={{
          border: '1px solid var(--flamekit-border)',
          borderRadius: 6,
          minWidth: 0,
          overflow: 'hidden',
        }}
      >
        <div
          role="row"
          aria-rowindex={1}
          style={{
            display: 'grid',
            gridTemplateColumns: CALL_TREE_COLUMNS,
            fontWeight: 600,
            background: 'var(--flamekit-panel)',
            borderBottom: '1px solid var(--flamekit-border)',
          }}
        >
          <div role="columnheader" style={{ padding: '4px 8px' }}>
            Total
          </div>
          <div role="columnheader" style={{ padding: '4px 8px' }}>
            Self
          </div>
          <div role="columnheader" style={{ padding: '4px 8px' }}>
            Function
          </div>
        </div>
        <div ref={body} role="rowgroup" style={{ height, overflow: 'auto', position: 'relative' }}>
          <div style={{ height: virtual.totalSize, position: 'relative' }}>
            {virtual.items.map((item) => {
              const row = rows[item.index];
              const selected = row.key === selectedKey;
              return (
                <div
                  key={row.key}
                  id={`${id}-row-${item.index}`}
                  role="row"
                  aria-rowindex={item.index + 2}
                  aria-level={row.depth + 1}
                  aria-expanded={row.hasChildren ? row.expanded : undefined}
                  aria-selected={selected}
                  onClick={() => {
                    setActive(item.index);
                    setSelectedPath(row.path);
                  }}
                  style={{
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    right: 0,
                    height: ROW_HEIGHT,
                    transform: `translateY(${item.start}px)`,
                    display: 'grid',
                    gridTemplateColumns: CALL_TREE_COLUMNS,
                    alignItems: 'center',
                    background: selected
                      ? 'color-mix(in srgb, var(--flamekit-accent) 18%, transparent)'
                      : item.index === active
                        ? 'var(--flamekit-panel)'
                        : undefined,
                    boxShadow:
                      item.index === active ? 'inset 2px 0 0 var(--flamekit-accent)' : undefined,
                  }}
                >
                  <div role="gridcell" style={{ padding: '0 8px', ...cellText }}>
                    {formatValue(row.total, unit)}{' '}
                    <span style={{ color: 'var(--flamekit-muted)' }}>
                      {formatShare(rootTotal ? row.total / rootTotal : 0)}
                    </span>
                  </div>
                  <div role="gridcell" style={{ padding: '0 8px', ...cellText }}>
                    {formatValue(row.self, unit)}
                  </div>
                  <div
                    role="gridcell"
                    title={row.name}
                    style={{
                      paddingLeft: 8 + row.depth * INDENT,
                      whiteSpace: 'nowrap',
                      overflow: 'hidden',
                      textOverflow: 'ellipsis',
                      fontFamily: 'ui-monospace, monospace',
                    }}
                  >
                    <span
                      aria-hidden
                      onClick={(event) => {
                        event.stopPropagation();
                        if (row.hasChildren) toggle(row.key);
                      }}
                      style={{
                        display: 'inline-block',
                        width: 14,
                        cursor: row.hasChildren ? 'pointer' : 'default',
                      }}
                    >
                      {row.hasChildren ? (row.expanded ? '▾' : '▸') : ''}
                    </span>
                    {row.name}
                  </div>
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
