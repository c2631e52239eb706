import { useMemo, type KeyboardEvent } from 'react';
import { computeTimeRangeTree, formatValue, type SearchQuery, type TimeOrder } from '../core/index';
import { FlameGraph } from './FlameGraph';
import { SandwichView } from './SandwichView';
import { buttonStyle, inputStyle, themeColor } from './styles';
import { TopTable } from './TopTable';
import type { ChartRange } from './use-flame-chart-pointer';
import type { ThemeChoice } from './use-theme';

/** How the tree of a selected range is shown below the chart. */
export type SelectionView = 'flame-graph' | 'top-table' | 'sandwich';

/** The lanes a selected range covers: one lane by index, or all of them. */
export type SelectionLanes = number | 'all';

export interface FlameChartSelectionProps {
  timeOrder: TimeOrder;
  range: ChartRange;
  lanes: SelectionLanes;
  onLanesChange: (lanes: SelectionLanes) => void;
  view: SelectionView;
  onViewChange: (view: SelectionView) => void;
  onClear: () => void;
  /** The function the sandwich opens on: the selected box's, when there is one. */
  functionName?: string;
  /** The chart's search, which the selection's graph and table show too. */
  search: SearchQuery;
  theme?: ThemeChoice;
  /** The most the selection's views grow to, in CSS px. */
  height: number;
}

const VIEWS: [SelectionView, string][] = [
  ['flame-graph', 'Flame graph'],
  ['top-table', 'Top table'],
  ['sandwich', 'Sandwich'],
];

/**
 * A selected time range as a merged call tree, below the chart (Chrome's "bottom-up of
 * selection"): a flame graph, a top table or a sandwich of the lanes chosen, in the time order's
 * unit, for what ran between the range's ends.
 */
export function FlameChartSelection(props: FlameChartSelectionProps) {
  const { timeOrder, range, lanes } = props;
  const tree = useMemo(
    () =>
      computeTimeRangeTree(timeOrder, range.start, range.end, {
        ...(lanes !== 'all' && { lanes: [lanes] }),
        rootName: 'selection',
      }),
    [timeOrder, range.start, range.end, lanes],
  );
  const unit = timeOrder.unit;
  const time = (value: number) => formatValue(value, unit);
  const onViewKey = (event: KeyboardEvent) => {
    const current = VIEWS.findIndex(([view]) => view === props.view);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    props.onViewChange(VIEWS[(current + step + VIEWS.length) % VIEWS.length][0]);
  };
  return (
    <section
      aria-label="Selected range"
      data-flamekit="chart-selection"
      style={{ display: 'flex', flexDirection: 'column', gap: 6, minWidth: 0 }}
    >
      <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
        <strong>
          Selection {time(range.start)} – {time(range.end)} ({time(range.end - range.start)})
        </strong>
        <select
          aria-label="Lanes of the selection"
          value={String(lanes)}
          onChange={(event) =>
            props.onLanesChange(event.target.value === 'all' ? 'all' : Number(event.target.value))
          }
          style={{ ...inputStyle, maxWidth: '24rem' }}
        >
          <option value="all">All lanes</option>
          {timeOrder.lanes.map((lane, index) => (
            <option key={index} value={index}>
              {lane.name}
            </option>
          ))}
        </select>
        <div
          role="radiogroup"
          aria-label="Show the selection as"
          onKeyDown={onViewKey}
          style={{ display: 'flex', gap: 4 }}
        >
          {VIEWS.map(([view, label]) => (
            <button
              key={view}
              type="button"
              role="radio"
              aria-checked={props.view === view}
              tabIndex={props.view === view ? 0 : -1}
              onClick={() => props.onViewChange(view)}
              style={{ ...buttonStyle, fontWeight: props.view === view ? 600 : 400 }}
            >
              {label}
            </button>
          ))}
        </div>
        <button type="button" onClick={props.onClear} style={buttonStyle}>
          Clear selection
        </button>
      </div>
      {tree.total[0] === 0 && (
        <div style={{ color: themeColor.muted }}>Nothing ran in these lanes then.</div>
      )}
      {tree.total[0] !== 0 && props.view === 'flame-graph' && (
        <FlameGraph
          tree={tree}
          unit={unit}
          theme={props.theme}
          height="auto"
          maxHeight={props.height}
          toolbar={false}
          search={props.search}
          aria-label="Flame graph of the selection"
        />
      )}
      {tree.total[0] !== 0 && props.view === 'top-table' && (
        <TopTable
          tree={tree}
          unit={unit}
          height={props.height}
          search={props.search}
          aria-label="Top table of the selection"
        />
      )}
      {tree.total[0] !== 0 && props.view === 'sandwich' && (
        <SandwichView
          // A new function from the chart opens a new sandwich.
          key={props.functionName}
          tree={tree}
          unit={unit}
          theme={props.theme}
          height="auto"
          {...(props.functionName && { defaultFunctionName: props.functionName })}
        />
      )}
    </section>
  );
}
