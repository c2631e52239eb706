import {
  forwardRef,
  useEffect,
  useId,
  useImperativeHandle,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react';
import {
  computeNodePath,
  computeSearch,
  createInvertedTree,
  findNodeByPath,
  nextMatch,
  type InvertedNode,
  type NodePath,
  type SearchQuery,
} from '../core/index';
import {
  computeBottomUpRows,
  computeTopDownRows,
  createBottomUpTotals,
  pathKey,
} from './call-tree-rows';
import { CALL_TREE_COLUMNS, CallTreeRowView, ROW_HEIGHT } from './CallTreeRow';
import { buttonStyle, rootStyle, themeColor } from './styles';
import { useControllableState } from './use-controllable-state';
import { useProfileTree, type TreeSource } from './use-profile-tree';
import { themedRootProps, useResolvedTheme, type ThemedProps } from './use-theme';
import { useVirtualRows } from './use-virtual-rows';

export type CallTreeMode = 'top-down' | 'bottom-up';

export interface CallTreeProps extends TreeSource, ThemedProps {
  mode?: CallTreeMode;
  defaultMode?: CallTreeMode;
  onModeChange?: (mode: CallTreeMode) => void;
  /** The selected row's path (from the root in top-down; from the function to its callers in bottom-up). */
  selectedPath?: NodePath;
  defaultSelectedPath?: NodePath;
  onSelectedPathChange?: (path: NodePath | undefined) => void;
  /**
   * Functions to highlight (an explorer passes its search): their rows are marked, and the
   * handle's `step` selects the next one, expanding the tree down to it.
   */
  search?: SearchQuery;
  /** Height of the scrolling body in CSS px. Default 360. */
  height?: number;
  'aria-label'?: string;
}

/** What a host can do to a call tree through `ref`. */
export interface CallTreeHandle {
  /**
   * Selects the next (1) or previous (-1) row whose function matches `search`, expanding the
   * tree to it and scrolling it into view. Top-down, every call in pre-order; bottom-up, the
   * matching functions with self time.
   */
  step(direction: 1 | -1): void;
}

/**
 * The call tree as an expandable, virtualised tree grid, top-down or bottom-up, with total and
 * self: the screen-reader equivalent of the flame graph. Arrows move (right expands or enters,
 * left collapses or leaves), Home/End jump, Enter selects; the path to the selection is expanded.
 * Bottom-up, a function's row shows its own self and total, as pprof and Chrome DevTools do, and
 * the caller rows under it show the function's self and total through that caller.
 */
export const CallTree = forwardRef<CallTreeHandle, CallTreeProps>(function CallTree(props, ref) {
  const { tree, unit } = useProfileTree(props);
  const theme = useResolvedTheme(props.theme);
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
  // The lazy bottom-up tree, with the callers and totals already computed, kept per tree.
  const bottomUp = useMemo(
    () =>
      tree && mode === 'bottom-up'
        ? {
            inverted: createInvertedTree(tree),
            cache: new Map<string, InvertedNode[]>(),
            totals: createBottomUpTotals(tree),
          }
        : undefined,
    [tree, mode],
  );
  const search = useMemo(
    () => (tree && props.search?.text ? computeSearch(tree, props.search) : undefined),
    [tree, props.search],
  );
  const matchedNames = useMemo(() => {
    const names = new Set<string>();
    if (search && tree) for (const node of search.matchOrder) names.add(tree.name(node));
    return names;
  }, [search, tree]);

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
      : computeBottomUpRows(tree, bottomUp!.inverted, expanded, bottomUp!.cache, bottomUp!.totals);
  }, [tree, mode, expanded, bottomUp]);
  const selectedKey = selectedPath ? pathKey(selectedPath) : undefined;
  const [active, setActive] = useState(0);
  const height = props.height ?? 360;
  const body = useRef<HTMLDivElement>(null);
  const virtual = useVirtualRows(body, rows.length, ROW_HEIGHT, height);
  // The selected row becomes the active one, scrolled into view when it is new.
  const shownKey = useRef<string | undefined>(undefined);
  useEffect(() => {
    const index = rows.findIndex((row) => row.key === selectedKey);
    if (index < 0) return;
    setActive(index);
    if (shownKey.current !== selectedKey) virtual.scrollToIndex(index);
    shownKey.current = selectedKey;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the virtualizer is stable
  }, [rows, selectedKey]);
  const id = useId();
  const rootTotal = tree?.total[0] ?? 0;

  useImperativeHandle(ref, () => ({
    step(direction) {
      if (!tree || !search) return;
      if (mode === 'top-down') {
        const from = selectedPath?.length ? findNodeByPath(tree, selectedPath) : -1;
        const target = nextMatch(search, from, direction);
        if (target > 0) setSelectedPath(computeNodePath(tree, target));
        return;
      }
      const names = bottomUp!.inverted.roots().map((node) => node.name);
      let index = selectedPath ? names.indexOf(selectedPath[0]) : -1;
      for (let k = 0; k < names.length; k++) {
        index =
          index < 0
            ? direction > 0
              ? 0
              : names.length - 1
            : (index + direction + names.length) % names.length;
        if (matchedNames.has(names[index])) return setSelectedPath([names[index]]);
      }
    },
  }));

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

  const header = (label: string, title: string) => (
    <div role="columnheader" title={title} style={{ padding: '4px 8px', ...ellipsis }}>
      {label}
    </div>
  );
  return (
    <div data-flamekit="call-tree" {...themedRootProps(theme, props, rootStyle)}>
      <div style={{ display: 'flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' }}>
        <div role="radiogroup" aria-label="Call tree direction" style={{ display: 'flex', gap: 6 }}>
          {(['top-down', 'bottom-up'] as const).map((value) => (
            <button
              key={value}
              type="button"
              role="radio"
              aria-checked={mode === value}
              onClick={() => setMode(value)}
              style={{
                ...buttonStyle,
                fontWeight: mode === value ? 600 : 400,
                borderColor: mode === value ? themeColor.accent : themeColor.border,
              }}
            >
              {value === 'top-down' ? 'Top-down' : 'Bottom-up'}
            </button>
          ))}
        </div>
        <span data-flamekit="call-tree-caption" style={{ color: themeColor.muted, minWidth: 0 }}>
          {mode === 'top-down'
            ? 'Callers above their callees, heaviest first.'
            : 'Functions by self time, with their total. Under a function, its callers: the function’s self and total through that caller.'}
        </span>
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
          border: `1px solid ${themeColor.border}`,
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
            background: themeColor.panel,
            borderBottom: `1px solid ${themeColor.border}`,
          }}
        >
          {mode === 'top-down'
            ? header('Total', 'The call and everything it called')
            : header('Total', 'The function and its callees; under it, through that caller')}
          {mode === 'top-down'
            ? header('Self', 'The call itself, without its callees')
            : header('Self', 'Samples that end in the function; under it, through that caller')}
          {header(
            'Function',
            mode === 'top-down' ? 'Calls, from the root' : 'Functions, then their callers',
          )}
        </div>
        <div ref={body} role="rowgroup" style={{ height, overflow: 'auto', position: 'relative' }}>
          <div style={{ height: virtual.totalSize, position: 'relative' }}>
            {virtual.items.map((item) => {
              const row = rows[item.index];
              return (
                <CallTreeRowView
                  key={row.key}
                  id={`${id}-row-${item.index}`}
                  index={item.index}
                  top={item.start}
                  row={row}
                  unit={unit}
                  rootTotal={rootTotal}
                  selected={row.key === selectedKey}
                  active={item.index === active}
                  matched={matchedNames.has(row.name)}
                  onSelect={() => {
                    setActive(item.index);
                    setSelectedPath(row.path);
                  }}
                  onToggle={() => toggle(row.key)}
                />
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
});

const ellipsis = {
  whiteSpace: 'nowrap',
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  minWidth: 0,
} as const;
