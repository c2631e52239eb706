import { useId, useMemo, useRef, useState } from 'react';
import type { SeriesTotals, SeriesTotalsGroup, TimeRange } from '../core/index';
import { themeColor, visuallyHidden } from './styles';
import { themedRootProps, useResolvedTheme, type ThemedProps } from './use-theme';
import {
  computeBandX,
  computeLinePath,
  computePointMarkers,
  computeTimelineReadout,
  createTimelineGeometry,
  describeTimelineStep,
  formatTimelineRange,
  formatTimelineTime,
  groupColor,
  stepCenterX,
  timelineLineStyle,
  type TimelineBrush,
} from './timeline-geometry';
import { Axes, Band, BrushBar, Legend, Readout } from './timeline-parts';
import { useControllableState } from './use-controllable-state';
import { useElementSize } from './use-element-size';
import { useTimelineBrush } from './use-timeline-brush';

export interface TimelineProps extends ThemedProps {
  totals: SeriesTotals;
  /** Default [{ id: 'selection', label: 'Selection' }]. Two brushes = baseline & comparison. */
  brushes?: readonly TimelineBrush[];
  /** Controlled ranges per brush id (undefined = none). */
  ranges?: Readonly<Record<string, TimeRange | undefined>>;
  defaultRanges?: Readonly<Record<string, TimeRange | undefined>>;
  /** Called with every brush's range and the id of the brush that changed. */
  onRangesChange?: (ranges: Record<string, TimeRange | undefined>, changed: string) => void;
  /** Which brush a drag sets; controllable; default the first brush. */
  activeBrush?: string;
  onActiveBrushChange?: (id: string) => void;
  /** Height of the chart in CSS pixels (default 140); its width follows the container. */
  height?: number;
  /** Unit of the values (default `totals.sampleType.unit`). */
  unit?: string;
  /** Time zone of the axis and read-out (default `'local'`). */
  timeZone?: 'local' | 'utc';
  /**
   * Colours of the lines of some groups, by their label value (any CSS colour): a comparison
   * colours its baseline and comparison values as its brushes and pickers. Others take the
   * palette's.
   */
  groupColors?: Readonly<Record<string, string>>;
  ariaLabel?: string;
}

type Ranges = Record<string, TimeRange | undefined>;

const DEFAULT_BRUSHES: readonly TimelineBrush[] = [{ id: 'selection', label: 'Selection' }];
const NO_RANGES: Readonly<Ranges> = {};
const BRUSH_COLORS = [themeColor.accent, '#d62728', '#2ca02c', '#9467bd'];

/**
 * Totals over time as an SVG line chart, one line per group (a gap where a step has no data),
 * with a legend, a read-out of the step under the pointer or keyboard cursor, and brushes that
 * select time ranges in whole steps (one by default; two for a baseline and a comparison).
 *
 * Pointer: drag over the chart to set the active brush's range to the steps it covers; a click
 * without a drag selects the one step under it. Ranges reach `onRangesChange` when the pointer
 * is released. Keys, with the chart focused: Left/Right move the cursor one step, Home/End to
 * the first/last; Shift with those extends the active brush's range from where the cursor was
 * when Shift was first held; Escape clears the active brush's range. The cursor's read-out is
 * announced in a live region. Ranges and the active brush are controllable.
 */
export function Timeline(props: TimelineProps) {
  const { totals, brushes = DEFAULT_BRUSHES, height = 140 } = props;
  const theme = useResolvedTheme(props.theme);
  const timeZone = props.timeZone ?? 'local';
  const unit = props.unit ?? totals.sampleType.unit;
  const [ranges, setRanges] = useControllableState<Readonly<Ranges>>(
    props.ranges,
    props.defaultRanges ?? NO_RANGES,
  );
  const [activeId, setActiveId] = useControllableState(
    props.activeBrush,
    brushes[0]?.id ?? '',
    props.onActiveBrushChange,
  );
  const active = brushes.find((brush) => brush.id === activeId) ?? brushes[0];
  const chart = useRef<HTMLDivElement>(null);
  const size = useElementSize(chart, { width: 800, height });
  const [focused, setFocused] = useState(false);
  // The ring shows for keyboard focus (and once keys are used), not after every click.
  const [ring, setRing] = useState(false);
  const helpId = useId();
  const empty = !(totals.steps > 0) || totals.groups.length === 0;
  const geometry = useMemo(
    () => (empty ? undefined : createTimelineGeometry(totals, size.width, height, timeZone, unit)),
    [empty, totals, size.width, height, timeZone, unit],
  );

  const setRange = (id: string, range: TimeRange | undefined) => {
    const next: Ranges = { ...ranges, [id]: range };
    setRanges(next);
    props.onRangesChange?.(next, id);
  };
  const colorOfGroup = (group: SeriesTotalsGroup) => groupColor(group, props.groupColors);
  // A line with fewer points than one per 12 px gets a dot at each: two snapshots are two
  // dots, not two pixels at the ends of an empty chart.
  const fewPoints = (values: ArrayLike<number>) =>
    geometry !== undefined &&
    Array.prototype.filter.call(values, Number.isFinite).length <=
      (geometry.plot.right - geometry.plot.left) / 12;
  const brush = useTimelineBrush({
    geometry,
    onBrush: (range) => active && setRange(active.id, range),
  });
  const colorOf = (index: number) =>
    brushes[index].color ?? BRUSH_COLORS[index % BRUSH_COLORS.length];
  const describeRange = (range: TimeRange) => formatTimelineRange(range, timeZone, totals.stepNs);
  // Steps may outlive a change to fewer steps.
  const clamp = (step: number | undefined) =>
    step === undefined || empty ? undefined : Math.min(step, totals.steps - 1);
  const readoutStep = clamp(brush.hoverStep ?? (focused ? brush.cursorStep : undefined));
  const cursor = clamp(brush.cursorStep);
  let announcement = '';
  if (cursor !== undefined && brush.lastKey) {
    announcement = describeTimelineStep(totals, cursor, unit, timeZone);
    const range = active && ranges[active.id];
    if (brush.lastKey === 'brush' && active)
      announcement += `. ${active.label}: ${range ? describeRange(range) : 'cleared'}`;
  }

  return (
    <div data-flamekit="timeline" {...themedRootProps(theme, props)}>
      <BrushBar
        brushes={brushes}
        activeId={active?.id}
        ranges={ranges}
        colorOf={colorOf}
        describe={describeRange}
        onActivate={setActiveId}
        onClear={(id) => setRange(id, undefined)}
      />
      <div
        ref={chart}
        data-flamekit="timeline-chart"
        tabIndex={empty ? undefined : 0}
        role={empty ? undefined : 'application'}
        aria-roledescription={empty ? undefined : 'timeline'}
        aria-label={props.ariaLabel ?? 'Totals over time'}
        aria-describedby={empty ? undefined : helpId}
        onKeyDown={(event) => (setRing(true), brush.onKeyDown(event))}
        onKeyUp={brush.onKeyUp}
        onFocus={(event) => (setFocused(true), setRing(isFocusVisible(event.currentTarget)))}
        onBlur={() => (setFocused(false), setRing(false), brush.onBlur())}
        style={{
          position: 'relative',
          height,
          overflow: 'hidden',
          outline: ring ? `2px solid ${themeColor.accent}` : 'none',
          outlineOffset: 2,
          borderRadius: 4,
        }}
      >
        {geometry ? (
          <svg
            width={size.width}
            height={height}
            aria-hidden
            {...brush.pointerHandlers}
            style={{
              display: 'block',
              userSelect: 'none',
              touchAction: 'none',
              cursor: 'crosshair',
            }}
          >
            <Axes geometry={geometry} unit={unit} />
            {brushes.map((b, index) => {
              const range = brush.draft && b.id === active?.id ? brush.draft : ranges[b.id];
              const band = range && computeBandX(geometry, range);
              return band ? (
                <Band
                  key={b.id}
                  geometry={geometry}
                  x={band}
                  label={b.label}
                  color={colorOf(index)}
                />
              ) : null;
            })}
            {totals.groups.map((group, index) => {
              const { color, dash } = timelineLineStyle(index, colorOfGroup(group));
              // Few points (two heap snapshots, a short range): each one a dot, not a lone
              // pixel at the end of an invisible line.
              const points = fewPoints(group.values)
                ? computePointMarkers(group.values, (k) => stepCenterX(geometry, k), geometry.y)
                : [];
              return (
                <g key={index}>
                  <path
                    data-flamekit="timeline-line"
                    d={computeLinePath(group.values, (k) => stepCenterX(geometry, k), geometry.y)}
                    style={{ fill: 'none', stroke: color, strokeDasharray: dash, strokeWidth: 1.5 }}
                    strokeLinecap="round"
                    strokeLinejoin="round"
                  />
                  {points.map(([x, y]) => (
                    <circle
                      key={x}
                      data-flamekit="timeline-point"
                      cx={x}
                      cy={y}
                      r={3.5}
                      style={{ fill: color, stroke: themeColor.bg, strokeWidth: 1 }}
                    />
                  ))}
                </g>
              );
            })}
            {readoutStep !== undefined && (
              <line
                data-flamekit="timeline-rule"
                x1={stepCenterX(geometry, readoutStep)}
                x2={stepCenterX(geometry, readoutStep)}
                y1={geometry.plot.top}
                y2={geometry.plot.bottom}
                style={{ stroke: themeColor.fg, strokeOpacity: 0.6 }}
              />
            )}
          </svg>
        ) : (
          <p role="status" style={{ margin: 0, padding: 16, color: themeColor.muted }}>
            No profiles in this range
          </p>
        )}
        {geometry && readoutStep !== undefined && (
          <Readout
            x={stepCenterX(geometry, readoutStep)}
            width={size.width}
            top={geometry.plot.top}
            time={formatTimelineTime(
              totals.startNs + readoutStep * totals.stepNs,
              timeZone,
              totals.stepNs,
            )}
            rows={computeTimelineReadout(totals, readoutStep, unit, props.groupColors)}
          />
        )}
        <div id={helpId} style={visuallyHidden}>
          Left and Right arrows move a cursor by one step, Home and End to the first and last step.
          Hold Shift with them to select a range. Escape clears the range.
        </div>
        <div
          data-flamekit="timeline-announcer"
          role="status"
          aria-live="polite"
          style={visuallyHidden}
        >
          {announcement}
        </div>
      </div>
      <Legend totals={totals} unit={unit} colorOf={colorOfGroup} />
    </div>
  );
}

function isFocusVisible(element: Element): boolean {
  try {
    return element.matches(':focus-visible');
  } catch {
    return true; // a DOM without :focus-visible: show the ring always
  }
}
