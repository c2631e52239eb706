import { useEffect, useRef, useState } from 'react';
import type { ChartBox, FlameChart as FlameChartModel, SearchQuery } from '../core/index';
import type { SelectionLanes, SelectionView } from './FlameChartSelection';
import { useControllableState } from './use-controllable-state';
import type { ChartRange } from './use-flame-chart-pointer';

/** The state of a flame chart a host may control: each slice as a prop, a default and a change. */
export interface FlameChartStateProps {
  /** The visible time range (in the time order's unit after its origin). */
  view?: ChartRange;
  defaultView?: ChartRange;
  onViewChange?: (view: ChartRange) => void;
  /** The selected range whose tree shows below; `null` for none. */
  selection?: ChartRange | null;
  defaultSelection?: ChartRange | null;
  onSelectionChange?: (selection: ChartRange | null) => void;
  /** How the selection's tree shows. Default `'flame-graph'`. */
  selectionView?: SelectionView;
  defaultSelectionView?: SelectionView;
  onSelectionViewChange?: (view: SelectionView) => void;
  /** Lanes shown as their header only, by index. */
  collapsedLanes?: readonly number[];
  defaultCollapsedLanes?: readonly number[];
  onCollapsedLanesChange?: (lanes: readonly number[]) => void;
  search?: SearchQuery;
  defaultSearch?: SearchQuery;
  onSearchChange?: (search: SearchQuery) => void;
}

const EMPTY_SEARCH: SearchQuery = { text: '', mode: 'substring', caseSensitive: false };
const NO_LANES: readonly number[] = [];

/**
 * The flame chart's state: the view, the selected range and how it shows, the collapsed lanes
 * and the search, each controllable (prop + onChange) or left to the component; and the chosen
 * box and the lanes a range covers, which belong to one chart: a new recording starts afresh
 * (whole, with nothing selected, unless the host holds the view or the selection).
 */
export function useFlameChartState(
  props: FlameChartStateProps,
  chart: FlameChartModel | undefined,
  duration: number,
) {
  const [view, setView] = useControllableState(
    props.view,
    props.defaultView ?? { start: 0, end: duration },
    props.onViewChange,
  );
  const [selection, setSelection] = useControllableState<ChartRange | null>(
    props.selection,
    props.defaultSelection ?? null,
    props.onSelectionChange,
  );
  const [selectionView, setSelectionView] = useControllableState(
    props.selectionView,
    props.defaultSelectionView ?? 'flame-graph',
    props.onSelectionViewChange,
  );
  const [collapsedList, setCollapsed] = useControllableState(
    props.collapsedLanes,
    props.defaultCollapsedLanes ?? NO_LANES,
    props.onCollapsedLanesChange,
  );
  const [search, setSearch] = useControllableState(
    props.search,
    props.defaultSearch ?? EMPTY_SEARCH,
    props.onSearchChange,
  );
  const [chosen, setChosen] = useState<{ chart: FlameChartModel; box: ChartBox }>();
  const selected = chosen && chosen.chart === chart ? chosen.box : undefined;
  // A selected range covers the busiest lane, then the lane of the box last chosen.
  const [lanesChoice, setLanesChoice] = useState<{
    chart: FlameChartModel;
    lanes: SelectionLanes;
  }>();
  const selectionLanes = lanesChoice && lanesChoice.chart === chart ? lanesChoice.lanes : 0;
  const setSelectionLanes = (lanes: SelectionLanes) => chart && setLanesChoice({ chart, lanes });
  const shownChart = useRef(chart);
  useEffect(() => {
    // A new recording in an uncontrolled chart opens whole, with nothing selected.
    if (shownChart.current === chart) return;
    shownChart.current = chart;
    if (props.view === undefined) setView({ start: 0, end: duration });
    if (props.selection === undefined) setSelection(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [chart]);
  return {
    view,
    setView,
    selection,
    setSelection,
    selectionView,
    setSelectionView,
    collapsedList,
    setCollapsed,
    search,
    setSearch,
    selected,
    setChosen,
    selectionLanes,
    setSelectionLanes,
  };
}
