import { useId, useMemo } from 'react';
import {
  computeSandwich,
  computeTopTable,
  formatShare,
  formatValue,
  sortTopTable,
  type CallTree,
  type Profile,
} from '../core/index';
import type { FlameGraphTheme } from '../render/index';
import { FlameGraph } from './FlameGraph';
import { inputStyle, rootStyle } from './styles';
import { useControllableState } from './use-controllable-state';
import { useProfileTree } from './use-profile-tree';

export interface SandwichViewProps {
  profile?: Profile;
  sampleType?: number | string;
  tree?: CallTree;
  unit?: string;
  /** The function in the middle of the sandwich. */
  functionName?: string;
  defaultFunctionName?: string;
  onFunctionNameChange?: (name: string) => void;
  theme?: 'light' | 'dark' | FlameGraphTheme;
  /** Height of each of the two graphs in CSS px, or `'auto'` (as tall as its rows, up to 300). Default 260. */
  height?: number | 'auto';
}

const SANDWICH_MAX_HEIGHT = 300;
/** How many functions the picker suggests (the heaviest by total). */
const SUGGESTIONS = 500;

/**
 * A function seen from both sides: who calls it (above, paths leading down to it) and what it
 * calls (below), both full flame graphs with zoom, hover and search; a picker chooses the function.
 */
export function SandwichView(props: SandwichViewProps) {
  const { tree, unit } = useProfileTree(props);
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
  const sandwich = useMemo(
    () => (tree && functionName ? computeSandwich(tree, functionName) : undefined),
    [tree, functionName],
  );
  const listId = useId();
  const height = props.height ?? 260;

  return (
    <div data-flamekit="sandwich" style={{ ...rootStyle }}>
      <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
        <label style={{ display: 'flex', gap: 6, alignItems: 'center', flex: '1 1 20rem' }}>
          Function
          <input
            type="search"
            list={listId}
            value={functionName}
            onChange={(event) => setFunctionName(event.target.value)}
            style={{ ...inputStyle, flex: 1, fontFamily: 'ui-monospace, monospace' }}
          />
        </label>
        <datalist id={listId}>
          {suggestions.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        {sandwich && tree && (
          <span role="status" style={{ color: 'var(--flamekit-muted)' }}>
            {sandwich.total === 0 && sandwich.self === 0
              ? 'Not in this profile'
              : `total ${formatValue(sandwich.total, unit)} (${formatShare(tree.total[0] ? sandwich.total / tree.total[0] : 0)}) · self ${formatValue(sandwich.self, unit)}`}
          </span>
        )}
      </div>
      {!functionName && (
        <p data-flamekit="sandwich-prompt" style={{ margin: 8, color: 'var(--flamekit-muted)' }}>
          Choose a function above, or select a frame in the flame graph and open the sandwich.
        </p>
      )}
      {sandwich && (
        <>
          <section aria-label={`Callers of ${functionName}`}>
            <FlameGraph
              key={`callers-${functionName}`}
              tree={sandwich.callers}
              unit={unit}
              theme={props.theme}
              orientation="flame"
              height={height}
              maxHeight={SANDWICH_MAX_HEIGHT}
              aria-label={`Callers of ${functionName}`}
            />
          </section>
          <section aria-label={`Callees of ${functionName}`}>
            <FlameGraph
              key={`callees-${functionName}`}
              tree={sandwich.callees}
              unit={unit}
              theme={props.theme}
              orientation="icicle"
              height={height}
              maxHeight={SANDWICH_MAX_HEIGHT}
              aria-label={`Callees of ${functionName}`}
            />
          </section>
        </>
      )}
    </div>
  );
}
