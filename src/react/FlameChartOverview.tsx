import { useEffect, useRef, useState, type PointerEvent } from 'react';
import type { FlameChart } from '../core/index';
import {
  createFlameChartRenderer,
  type FlameChartRenderer,
  type FlameGraphTheme,
} from '../render/index';
import { themeColor } from './styles';
import type { ChartRange } from './use-flame-chart-pointer';

export interface FlameChartOverviewProps {
  chart: FlameChart;
  theme: FlameGraphTheme;
  colorOf: (frame: number) => number;
  dimmed?: Uint8Array;
  collapsed: ReadonlySet<number>;
  width: number;
  height: number;
  /** What the chart shows now: outlined on the strip. */
  view: ChartRange;
  selection: ChartRange | undefined;
  /** A range brushed on the strip. */
  onBrush: (range: ChartRange) => void;
  /** A click without a drag: the chart moves there. */
  onCenter: (time: number) => void;
}

/** Lanes `from` on: those not computed yet. */
function allLanes(chart: FlameChart, from = 0): Set<number> {
  const lanes = new Set<number>();
  for (let lane = from; lane < chart.rowCounts.length; lane++) lanes.add(lane);
  return lanes;
}

/**
 * The whole recording in a strip above the chart (speedscope's minimap, the Performance panel's
 * overview): every lane squeezed into a few pixels a row, the chart's view outlined, a range
 * brushed with a drag. It redraws when the data or its size change, not when the view moves: the
 * outline is an element over it.
 */
export function FlameChartOverview(props: FlameChartOverviewProps) {
  const { chart, width, height, view, selection } = props;
  const canvas = useRef<HTMLCanvasElement>(null);
  const renderer = useRef<FlameChartRenderer | undefined>(undefined);
  const [draft, setDraft] = useState<ChartRange | undefined>();
  const drag = useRef<{ x: number; moved: boolean } | undefined>(undefined);
  const duration = chart.timeOrder.duration || 1;

  useEffect(() => {
    if (!canvas.current) return;
    renderer.current = createFlameChartRenderer(canvas.current, {
      axisHeight: 0,
      headerHeight: 0,
      laneGap: 2,
      labels: false,
      laneNames: false,
      muteUnlabeled: false,
    });
    return () => {
      renderer.current?.destroy();
      renderer.current = undefined;
    };
  }, []);
  useEffect(() => {
    // Rows as tall as fit: every lane's rows in the strip when they can be, else the top ones.
    let rows = 0;
    chart.rowCounts.forEach((count, index) => (rows += props.collapsed.has(index) ? 0 : count));
    const gaps = 2 * Math.max(0, chart.rowCounts.length - 1);
    const rowHeight = Math.max(1, Math.min(4, Math.floor((height - gaps) / Math.max(1, rows))));
    renderer.current?.setOptions({
      theme: props.theme,
      colorOf: props.colorOf,
      dimmed: props.dimmed,
      collapsed: props.collapsed,
      rowHeight,
    });
  }, [chart, props.theme, props.colorOf, props.dimmed, props.collapsed, height]);
  // Lanes are computed one per task after the chart's first paint, so that the strip never holds
  // the chart back; it draws each lane as it comes.
  const [pending, setPending] = useState<ReadonlySet<number>>(() => allLanes(chart));
  useEffect(() => {
    setPending(allLanes(chart));
    renderer.current?.setData(chart);
    let next = 0;
    let timer: ReturnType<typeof setTimeout>;
    const step = () => {
      if (next >= chart.rowCounts.length) return;
      chart.lane(next++);
      setPending(new Set(allLanes(chart, next)));
      timer = setTimeout(step, 0);
    };
    timer = setTimeout(step, 0);
    return () => clearTimeout(timer);
  }, [chart]);
  useEffect(() => renderer.current?.setOptions({ pendingLanes: pending }), [pending]);
  useEffect(() => renderer.current?.setViewport({ width, height }), [width, height]);

  const timeAt = (event: { clientX: number }) => {
    const left = canvas.current?.getBoundingClientRect().left ?? 0;
    return Math.min(duration, Math.max(0, ((event.clientX - left) / width) * duration));
  };
  const x = (time: number) => (time / duration) * width;
  const handlers = {
    onPointerDown(event: PointerEvent<HTMLDivElement>) {
      if (event.button !== 0) return;
      drag.current = { x: event.clientX, moved: false };
      try {
        event.currentTarget.setPointerCapture(event.pointerId);
      } catch {
        // Synthetic pointers cannot be captured.
      }
      const time = timeAt(event);
      setDraft({ start: time, end: time });
    },
    onPointerMove(event: PointerEvent<HTMLDivElement>) {
      const start = drag.current;
      if (!start || !(event.buttons & 1)) return;
      if (Math.abs(event.clientX - start.x) >= 3) start.moved = true;
      setDraft((current) => current && { start: current.start, end: timeAt(event) });
    },
    onPointerUp(event: PointerEvent<HTMLDivElement>) {
      const start = drag.current;
      drag.current = undefined;
      const range = draft;
      setDraft(undefined);
      if (!start || !range) return;
      const end = timeAt(event);
      if (!start.moved) return props.onCenter(end);
      const brushed = { start: Math.min(range.start, end), end: Math.max(range.start, end) };
      if (brushed.end > brushed.start) props.onBrush(brushed);
    },
  };
  const band = (range: ChartRange) => {
    const [a, b] = [Math.min(range.start, range.end), Math.max(range.start, range.end)];
    return { left: x(a), width: Math.max(1, x(b) - x(a)) };
  };
  const shown = draft ?? selection;
  return (
    <div
      data-flamekit="chart-overview"
      aria-label="Overview of the whole recording: drag to select a range, click to move there"
      role="group"
      {...handlers}
      style={{
        position: 'relative',
        width,
        height,
        cursor: 'crosshair',
        touchAction: 'none',
        border: `1px solid ${themeColor.border}`,
        borderRadius: 4,
        overflow: 'hidden',
        boxSizing: 'content-box',
      }}
    >
      <canvas ref={canvas} aria-hidden style={{ display: 'block', width, height }} />
      {shown && (
        <div
          data-flamekit="overview-selection"
          style={{
            position: 'absolute',
            top: 0,
            bottom: 0,
            ...band(shown),
            background: `color-mix(in srgb, ${themeColor.accent} 22%, transparent)`,
            pointerEvents: 'none',
          }}
        />
      )}
      <div
        data-flamekit="overview-view"
        style={{
          position: 'absolute',
          top: 0,
          bottom: 0,
          ...band(view),
          boxSizing: 'border-box',
          border: `2px solid ${themeColor.accent}`,
          borderRadius: 2,
          pointerEvents: 'none',
        }}
      />
    </div>
  );
}
