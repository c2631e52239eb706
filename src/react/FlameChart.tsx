import { useEffect, useMemo, useRef, useState } from 'react';
import {
  computeBoxSummary,
  createFlameChart,
  describeBox,
  findMatchingBox,
  formatValue,
  type ChartBox,
  type FlameChart as FlameChartModel,
  type Profile,
  type TimeOrder,
} from '../core/index';
import {
  computeLaneLayout,
  createFlameChartRenderer,
  type FlameChartRenderer,
} from '../render/index';
import {
  ChartTooltip,
  LaneHeaders,
  useChartSearch,
  useFrameColors,
  useWholeRecordingTree,
  type ChartColorScheme,
} from './flame-chart-parts';
import { FlameChartOverview } from './FlameChartOverview';
import { FlameChartSelection } from './FlameChartSelection';
import { SearchBar } from './SearchBar';
import { buttonStyle, themeColor, visuallyHidden } from './styles';
import { useElementSize } from './use-element-size';
import { useFlameChartKeys } from './use-flame-chart-keys';
import { useFlameChartState, type FlameChartStateProps } from './use-flame-chart-state';
import { clampView, useFlameChartPointer, type ChartRange } from './use-flame-chart-pointer';
import { themedRootProps, useCanvasTheme, useResolvedTheme, type ThemedProps } from './use-theme';
import { useWheelHint, WheelHint } from './WheelHint';

export interface FlameChartProps extends FlameChartStateProps, ThemedProps {
  /** A profile with a time order (`profile.timeOrder`)... */
  profile?: Profile;
  /** ...or a time order directly. */
  timeOrder?: TimeOrder;
  /** As the flame graph's, so that a function looks the same in both. Default `'package'`. */
  colorScheme?: ChartColorScheme;
  textAlign?: 'left' | 'right';
  rowHeight?: number;
  /**
   * Height of the lanes' area in CSS px, or `'auto'` (the default): as tall as the lanes, up to
   * `maxHeight`, as the flame graph's. Lanes that do not fit scroll inside.
   */
  height?: number | 'auto';
  /** The most an `'auto'` height grows to, in CSS px. Default 600. */
  maxHeight?: number;
  /** Show the overview strip of the whole recording. Default true. */
  overview?: boolean;
  /** Show the search bar and Reset. Default true; an explorer with its own toolbar turns it off. */
  toolbar?: boolean;
  /** A box clicked or chosen with the keyboard, with its function's name. */
  onBoxSelect?: (box: (ChartBox & { name: string }) | undefined) => void;
  'aria-label'?: string;
}

const AXIS_HEIGHT = 22;
const HEADER_HEIGHT = 20;
const LANE_GAP = 6;
const OVERVIEW_HEIGHT = 56;

/**
 * The flame chart: what ran when, a lane per thread (named, collapsible), boxes on a time axis.
 * An overview strip brushes a range of the whole recording; Ctrl/⌘ + wheel and a pinch zoom
 * around the pointer, a drag and Shift + wheel pan, a plain wheel scrolls the lanes and then the
 * page. Hover for start, duration and self; search fades the rest; arrow keys walk the boxes
 * with an aria-live announcer. A range dragged over the time axis (or with Shift) shows its
 * merged flame graph, top table or sandwich below.
 */
export function FlameChart(props: FlameChartProps) {
  const timeOrder = props.timeOrder ?? props.profile?.timeOrder;
  const chart = useMemo(() => timeOrder && createFlameChart(timeOrder), [timeOrder]);
  const duration = timeOrder && timeOrder.duration > 0 ? timeOrder.duration : 1;
  const state = useFlameChartState(props, chart, duration);
  const collapsed = useMemo(() => new Set(state.collapsedList), [state.collapsedList]);
  const root = useRef<HTMLDivElement>(null);
  const resolvedTheme = useResolvedTheme(props.theme);
  const theme = useCanvasTheme(root, resolvedTheme, props);
  const scheme = props.colorScheme ?? 'package';
  const whole = useWholeRecordingTree(timeOrder, state.search.text !== '' || scheme !== 'package');
  const colorOf = useFrameColors(timeOrder, scheme, theme.palette, whole);
  const found = useChartSearch(timeOrder, state.search, whole);
  const rowHeight = props.rowHeight ?? 18;
  // The renderer lays the lanes out the same way; the headers need it while rendering.
  const layout = useMemo(
    () =>
      chart &&
      computeLaneLayout(chart, {
        rowHeight,
        headerHeight: HEADER_HEIGHT,
        laneGap: LANE_GAP,
        collapsed,
      }),
    [chart, rowHeight, collapsed],
  );

  const scroller = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const searchInput = useRef<HTMLInputElement>(null);
  const renderer = useRef<FlameChartRenderer | undefined>(undefined);
  const contentHeight = layout ? AXIS_HEIGHT + layout.contentHeight : 0;
  const maxHeight = props.maxHeight ?? 600;
  const height =
    typeof props.height === 'number' ? props.height : Math.min(maxHeight, contentHeight);
  const size = useElementSize(scroller, { width: 800, height });
  const [scrollTop, setScrollTop] = useState(0);
  const [focused, setFocused] = useState(false);
  const [hint, setHint] = useWheelHint();
  const shownView = clampView(state.view, duration);
  const changeView = (next: ChartRange) => state.setView(clampView(next, duration));
  const select = (box: ChartBox | undefined) => {
    state.setChosen(box && chart && { chart, box });
    if (box) state.setSelectionLanes(box.lane);
    const name = box && timeOrder!.frames.name(chart!.lane(box.lane).frame[box.box]);
    props.onBoxSelect?.(box && { ...box, name: name! });
  };
  const keys = useFlameChartKeys({
    chart: chart!,
    renderer,
    scroller,
    view: shownView,
    setView: changeView,
    duration,
    size,
    axisHeight: AXIS_HEIGHT,
    rowHeight,
    selected: state.selected,
    select,
    hasSelection: state.selection !== null,
    clearSelection: () => state.setSelection(null),
    focusSearch: () => searchInput.current?.focus(),
  });
  const pointer = useFlameChartPointer({
    renderer,
    canvas: canvasRef,
    scroller,
    duration,
    view: shownView,
    setView: changeView,
    size,
    axisHeight: AXIS_HEIGHT,
    onSelectBox: select,
    onZoomBox: (box) => keys.zoomTo(box),
    onSelectRange: (range) => state.setSelection(range ?? null),
    onPlainWheel: () => setHint(true),
  });

  useEffect(() => {
    if (!canvasRef.current) return;
    renderer.current = createFlameChartRenderer(canvasRef.current, {
      axisHeight: AXIS_HEIGHT,
      headerHeight: HEADER_HEIGHT,
      laneGap: LANE_GAP,
      laneNames: false,
    });
    return () => {
      renderer.current?.destroy();
      renderer.current = undefined;
    };
  }, []);
  useEffect(() => renderer.current?.setData(chart), [chart]);
  // A hover from before the data changed is forgotten.
  const hover = pointer.hover && chart && isBoxOf(chart, pointer.hover) ? pointer.hover : undefined;
  const hoveredFrame = hover ? chart!.lane(hover.lane).frame[hover.box] : -1;
  const shownSelection = pointer.draftRange ?? state.selection ?? undefined;
  useEffect(() => {
    renderer.current?.setOptions({
      theme,
      colorOf,
      dimmed: found?.dimmed,
      rowHeight,
      collapsed,
      selected: state.selected,
      highlightedFrame: hoveredFrame,
      selection: shownSelection,
      textAlign: props.textAlign ?? 'left',
    });
  }, [
    theme,
    colorOf,
    found,
    rowHeight,
    collapsed,
    state.selected,
    hoveredFrame,
    shownSelection,
    props.textAlign,
  ]);
  useEffect(() => {
    renderer.current?.setViewport({ ...shownView, scrollTop, ...size });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shownView.start, shownView.end, scrollTop, size]);

  const rootProps = themedRootProps(resolvedTheme, props);
  if (!chart || !timeOrder || !layout)
    return (
      <div ref={root} data-flamekit="flame-chart" {...rootProps}>
        <div style={{ padding: 16, color: themeColor.muted }}>
          This profile has no time order: its format records no times, so there is no chart of what
          ran when.
        </div>
      </div>
    );

  const unit = timeOrder.unit;
  const toggleLane = (lane: number) =>
    state.setCollapsed((current) =>
      current.includes(lane) ? current.filter((k) => k !== lane) : [...current, lane],
    );
  const stepSearch = (direction: 1 | -1) => {
    if (!found || found.error) return;
    const box = findMatchingBox(chart, found.matches, state.selected, direction);
    if (!box) return;
    select(box);
    keys.reveal(box);
  };
  const hovered = hover && computeBoxSummary(chart, hover.lane, hover.box);
  const announcement = state.selected
    ? describeBox(computeBoxSummary(chart, state.selected.lane, state.selected.box), unit)
    : '';
  const label = props['aria-label'] ?? 'Flame chart';
  const zoomed = shownView.start > 0 || shownView.end < duration;
  const span = shownView.end - shownView.start;
  return (
    <div ref={root} data-flamekit="flame-chart" {...rootProps}>
      {props.toolbar !== false && (
        <div style={{ display: 'flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' }}>
          {/* The search keeps to one line (its status never wraps under it and pushes the
            row's other controls off centre); the row wraps before the bar gets too narrow. */}
          <div style={{ flex: '1 1 30rem', maxWidth: '48rem', minWidth: 0 }}>
            <SearchBar
              ref={searchInput}
              query={state.search}
              onQueryChange={state.setSearch}
              matchCount={found?.matchCount ?? 0}
              share={found?.share ?? 0}
              error={found?.error}
              onStep={stepSearch}
              wrap={false}
            />
          </div>
          <button
            type="button"
            onClick={() => changeView({ start: 0, end: duration })}
            disabled={!zoomed}
            style={buttonStyle}
          >
            Reset zoom
          </button>
          <span style={{ color: themeColor.muted }}>
            {formatValue(span, unit)} of {formatValue(duration, unit)} shown
          </span>
        </div>
      )}
      {props.overview !== false && (
        <FlameChartOverview
          chart={chart}
          theme={theme}
          colorOf={colorOf}
          dimmed={found?.dimmed}
          collapsed={collapsed}
          width={Math.max(0, size.width - 2)} // inside its 1 px border, as wide as the chart
          height={OVERVIEW_HEIGHT}
          view={shownView}
          selection={shownSelection}
          onBrush={(range) => {
            state.setSelection(range);
            changeView(range);
          }}
          onCenter={(time) => changeView({ start: time - span / 2, end: time + span / 2 })}
        />
      )}
      <div
        tabIndex={0}
        role="application"
        aria-roledescription="flame chart"
        aria-label={label}
        aria-describedby={`${label}-keys`}
        onKeyDown={keys.onKeyDown}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
        style={{
          position: 'relative',
          outline: focused ? `2px solid ${themeColor.accent}` : 'none',
          outlineOffset: 2,
          borderRadius: 4,
        }}
      >
        {/* The lanes scroll natively (a scrollbar, and a plain wheel that scrolls them and then
          the page); the canvas stays in view and draws what the scroll position asks for. */}
        <div
          ref={scroller}
          data-flamekit="chart-scroller"
          onScroll={() => setScrollTop(scroller.current?.scrollTop ?? 0)}
          style={{ height, overflowX: 'hidden', overflowY: 'auto', touchAction: 'pan-y' }}
        >
          <div style={{ position: 'sticky', top: 0, height: size.height }}>
            <canvas
              ref={canvasRef}
              {...pointer.handlers}
              style={{
                display: 'block',
                width: size.width,
                height: size.height,
                cursor: hover ? 'pointer' : 'default',
              }}
            />
            <LaneHeaders
              chart={chart}
              layout={layout}
              collapsed={collapsed}
              onToggle={toggleLane}
              scrollTop={scrollTop}
              height={size.height - AXIS_HEIGHT}
              top={AXIS_HEIGHT}
              headerHeight={HEADER_HEIGHT}
            />
          </div>
          <div
            aria-hidden
            style={{ height: Math.max(0, AXIS_HEIGHT + layout.contentHeight - size.height) }}
          />
        </div>
        {hint && <WheelHint />}
        {hovered && hover && (
          <ChartTooltip
            summary={hovered}
            unit={unit}
            x={hover.x}
            y={hover.y}
            containerWidth={size.width}
          />
        )}
        <div id={`${label}-keys`} style={visuallyHidden}>
          Arrow keys move between boxes: up to the caller, down to the longest callee, left and
          right to the boxes before and after in time. Enter zooms to the box, plus and minus zoom,
          Shift with left or right pans, Escape clears the selection or resets the zoom, slash
          searches. Drag across the time axis to select a range.
        </div>
        <div aria-live="polite" data-flamekit="announcer" style={visuallyHidden}>
          {announcement}
        </div>
      </div>
      {state.selection && (
        <FlameChartSelection
          timeOrder={timeOrder}
          range={state.selection}
          lanes={state.selectionLanes}
          onLanesChange={state.setSelectionLanes}
          view={state.selectionView}
          onViewChange={state.setSelectionView}
          onClear={() => state.setSelection(null)}
          search={state.search}
          theme={props.theme}
          height={Math.max(
            160,
            Math.round((typeof props.height === 'number' ? props.height : maxHeight) * 0.75),
          )}
          {...(state.selected && {
            functionName: timeOrder.frames.name(
              chart.lane(state.selected.lane).frame[state.selected.box],
            ),
          })}
        />
      )}
    </div>
  );
}

/** Whether a box (kept from an earlier render) is a box of this chart. */
function isBoxOf(chart: FlameChartModel, { lane, box }: ChartBox): boolean {
  return (
    lane >= 0 && lane < chart.rowCounts.length && box >= 0 && box < chart.lane(lane).frame.length
  );
}
