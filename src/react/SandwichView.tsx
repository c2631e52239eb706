import { forwardRef, useId, useImperativeHandle, useMemo, useRef, type ReactNode } from 'react';
import {
  computeSandwich,
  computeSearch,
  computeTopTable,
  formatShare,
  formatValue,
  sortTopTable,
  type CallTree,
  type ColorScheme,
  type LabelValue,
  type SearchQuery,
} from '../core/index';
import { FlameGraph } from './FlameGraph';
import type { FlameGraphHandle } from './flame-graph-props';
import { SearchBar } from './SearchBar';
import { buttonStyle, inputStyle, rootStyle, themeColor } from './styles';
import { useControllableState } from './use-controllable-state';
import { useProfileTree, type TreeSource } from './use-profile-tree';
import { themedRootProps, useResolvedTheme, type ThemedProps } from './use-theme';

export interface SandwichViewProps extends TreeSource, ThemedProps {
  /** The function in the middle of the sandwich. */
  functionName?: string;
  defaultFunctionName?: string;
  onFunctionNameChange?: (name: string) => void;
  /** The search, highlighted in both halves (their misses faded). Controllable. */
  search?: SearchQuery;
  defaultSearch?: SearchQuery;
  onSearchChange?: (search: SearchQuery) => void;
  /**
   * The view's own toolbar: one search for both halves, and Reset. Default true; an explorer,
   * whose toolbar searches and resets, turns it off.
   */
  toolbar?: boolean;
  /** Height of each half in CSS px, or `'auto'` (the default): as tall as its rows, up to 300. */
  height?: number | 'auto';
  colorScheme?: ColorScheme;
  textAlign?: 'left' | 'right';
  /** What a label shows after the name when there is room. Default `'none'`. */
  labelValue?: LabelValue;
}

/** What a host can do to a sandwich through `ref`. */
export interface SandwichViewHandle {
  /** Both halves back to the whole graph. */
  reset(): void;
}

const SANDWICH_MAX_HEIGHT = 300;
/** How many functions the picker suggests (the heaviest by total). */
const SUGGESTIONS = 500;
const EMPTY_SEARCH: SearchQuery = { text: '', mode: 'substring', caseSensitive: false };
/** The halves' trees begin with the synthetic root and the function: both are left out. */
const HALF_FIRST_DEPTH = 2;

/**
 * A function seen from both sides, as one view: who calls it above (its direct callers next to
 * it, the outermost frames at the top), the function itself as the row that joins the halves
 * (with a picker to choose another), and what it calls below. Both halves are flame graphs
 * with zoom, hover and keys; one search highlights matches in both. "Open in sandwich view"
 * on a frame of either half moves the sandwich to that function.
 */
export const SandwichView = forwardRef<SandwichViewHandle, SandwichViewProps>(
  function SandwichView(props, ref) {
    const { tree, unit } = useProfileTree(props);
    const theme = useResolvedTheme(props.theme);
    const suggestions = useMemo(() => {
      if (!tree) return [];
      const table = computeTopTable(tree);
      return Array.from(
        sortTopTable(table, 'total', 'desc').subarray(0, SUGGESTIONS),
        (row) => table.name[row],
      ).filter((name) => name !== tree.rootName);
    }, [tree]);
    const [functionName, setFunctionName] = useControllableState(
      props.functionName,
      props.defaultFunctionName ?? suggestions[0] ?? '',
      props.onFunctionNameChange,
    );
    const [search, setSearch] = useControllableState(
      props.search,
      props.defaultSearch ?? EMPTY_SEARCH,
      props.onSearchChange,
    );
    const sandwich = useMemo(
      () => (tree && functionName ? computeSandwich(tree, functionName) : undefined),
      [tree, functionName],
    );
    const callers = useRef<FlameGraphHandle>(null);
    const callees = useRef<FlameGraphHandle>(null);
    const reset = () => {
      callers.current?.reset();
      callees.current?.reset();
    };
    useImperativeHandle(ref, () => ({ reset }));
    const found = sandwich !== undefined && (sandwich.total !== 0 || sandwich.self !== 0);
    // The toolbar counts the matching frames of both halves.
    const matches = useMemo(() => {
      if (!sandwich || !search.text) return undefined;
      const above = computeSearch(sandwich.callers, search);
      const below = computeSearch(sandwich.callees, search);
      return {
        count: above.matchCount + below.matchCount,
        share: below.share,
        error: above.error,
      };
    }, [sandwich, search]);

    const half = (side: 'callers' | 'callees', halfTree: CallTree) => {
      const hasRows = halfTree.maxDepth >= HALF_FIRST_DEPTH;
      const label = side === 'callers' ? 'Callers' : 'Callees';
      return (
        <section
          data-flamekit={`sandwich-${side}`}
          aria-label={`${label} of ${functionName}`}
          style={{ display: 'grid', gridTemplateColumns: '1.6rem minmax(0, 1fr)' }}
        >
          <SideLabel>{side === 'callers' ? `${label} ↑` : `${label} ↓`}</SideLabel>
          {hasRows ? (
            <FlameGraph
              ref={side === 'callers' ? callers : callees}
              key={`${side}-${functionName}`}
              tree={halfTree}
              unit={unit}
              theme={props.theme}
              toolbar={false}
              firstDepth={HALF_FIRST_DEPTH}
              orientation={side === 'callers' ? 'flame' : 'icicle'}
              height={props.height ?? 'auto'}
              maxHeight={SANDWICH_MAX_HEIGHT}
              search={search}
              onSearchChange={setSearch}
              colorScheme={props.colorScheme}
              textAlign={props.textAlign}
              labelValue={props.labelValue}
              onOpenSandwich={setFunctionName}
              totalLabel={functionName}
              exportFormats={false}
              aria-label={`${label} of ${functionName}`}
              // Against the function's row when the side label is taller than the graph.
              style={{ alignSelf: side === 'callers' ? 'end' : 'start' }}
            />
          ) : (
            <p style={{ margin: 0, padding: '6px 8px', color: themeColor.muted }}>
              {side === 'callers'
                ? `No callers: ${functionName} is where its stacks begin.`
                : `No callees: ${functionName} calls nothing that was sampled.`}
            </p>
          )}
        </section>
      );
    };

    return (
      <div data-flamekit="sandwich" {...themedRootProps(theme, props, { ...rootStyle, gap: 0 })}>
        {props.toolbar !== false && tree && (
          <div
            role="toolbar"
            aria-label="Sandwich"
            style={{ display: 'flex', gap: 6, alignItems: 'center', marginBottom: 6 }}
          >
            <div style={{ flex: '1 1 auto', minWidth: 0 }}>
              <SearchBar
                query={search}
                onQueryChange={setSearch}
                matchCount={matches?.count ?? 0}
                share={matches?.share ?? 0}
                error={matches?.error}
                wrap={false}
              />
            </div>
            <button type="button" onClick={reset} style={buttonStyle}>
              Reset
            </button>
          </div>
        )}
        {found && half('callers', sandwich.callers)}
        <FunctionRow
          functionName={functionName}
          onChange={setFunctionName}
          suggestions={suggestions}
          summary={
            !tree || !functionName
              ? undefined
              : !found
                ? 'Not in this profile'
                : `total ${formatValue(sandwich.total, unit)} (${formatShare(tree.total[0] ? sandwich.total / tree.total[0] : 0)} of the profile) · self ${formatValue(sandwich.self, unit)}`
          }
        />
        {found && half('callees', sandwich.callees)}
        {!functionName && (
          <p data-flamekit="sandwich-prompt" style={{ margin: 8, color: themeColor.muted }}>
            Choose a function above, or select a frame in the flame graph and open the sandwich.
          </p>
        )}
      </div>
    );
  },
);

/** The row that joins the halves: the function (a picker) and its total and self. */
function FunctionRow(props: {
  functionName: string;
  onChange: (name: string) => void;
  suggestions: string[];
  summary: string | undefined;
}) {
  const listId = useId();
  return (
    <div
      data-flamekit="sandwich-function"
      style={{
        display: 'flex',
        flexWrap: 'wrap',
        gap: '2px 8px',
        alignItems: 'center',
        padding: '3px 6px 3px 4px',
        background: themeColor.panel,
        borderTop: `2px solid ${themeColor.accent}`,
        borderBottom: `2px solid ${themeColor.accent}`,
      }}
    >
      <input
        type="search"
        aria-label="Function"
        placeholder="Function"
        list={listId}
        value={props.functionName}
        onChange={(event) => props.onChange(event.target.value)}
        style={{
          ...inputStyle,
          flex: '1 1 16rem',
          fontFamily: 'ui-monospace, monospace',
          fontWeight: 600,
        }}
      />
      <datalist id={listId}>
        {props.suggestions.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      {props.summary && (
        <span role="status" style={{ color: themeColor.muted, flex: 'none' }}>
          {props.summary}
        </span>
      )}
    </div>
  );
}

/** A half's name, written up the side of the half so that the halves meet at the function. */
function SideLabel({ children }: { children: ReactNode }) {
  return (
    <div
      style={{
        writingMode: 'vertical-rl',
        transform: 'rotate(180deg)',
        textAlign: 'center',
        fontSize: 12,
        fontWeight: 600,
        whiteSpace: 'nowrap',
        color: themeColor.muted,
        background: themeColor.panel,
        overflow: 'hidden',
      }}
    >
      {children}
    </div>
  );
}
