import { useMemo } from 'react';
import {
  computeFrameMatches,
  computeSearch,
  computeTimeRangeTree,
  computeTopTable,
  createFrameColorLookup,
  formatInteger,
  formatValue,
  type BoxSummary,
  type CallTree,
  type FlameChart,
  type SearchQuery,
  type TimeOrder,
} from '../core/index';
import type { LaneLayout } from '../render/index';
import { panelStyle, themeColor } from './styles';

/** The tree of the whole recording, built only while something needs it (search, colours). */
export function useWholeRecordingTree(
  timeOrder: TimeOrder | undefined,
  needed: boolean,
): CallTree | undefined {
  return useMemo(
    () =>
      timeOrder && needed ? computeTimeRangeTree(timeOrder, 0, timeOrder.duration) : undefined,
    [timeOrder, needed],
  );
}

/** A search over the frames of a time order: the frames it fades, and the share it matches. */
export function useChartSearch(
  timeOrder: TimeOrder | undefined,
  search: SearchQuery,
  whole: CallTree | undefined,
) {
  return useMemo(() => {
    const found = timeOrder && computeFrameMatches(timeOrder.frames, search);
    if (!found) return undefined;
    const dimmed = found.error ? undefined : found.matches.map((match) => 1 - match);
    // The share of the recording's time under a match, each moment once (as the flame graph's).
    const share = found.error || !whole ? 0 : computeSearch(whole, search).share;
    return { ...found, dimmed, share };
  }, [timeOrder, search, whole]);
}

/** How the chart colours boxes: as the flame graph does, so a function looks the same in both. */
export type ChartColorScheme = 'package' | 'total' | 'self';

/**
 * A colour per frame: by package (the flame graph's default), or by the function's share of the
 * whole recording's time (total or self), on the flame graph's sequential scale.
 */
export function useFrameColors(
  timeOrder: TimeOrder | undefined,
  scheme: ChartColorScheme,
  palette: 'light' | 'dark',
  whole: CallTree | undefined,
): (frame: number) => number {
  return useMemo(() => {
    if (!timeOrder) return () => 0xb0b7c3;
    if (scheme === 'package' || !whole)
      return createFrameColorLookup(timeOrder.frames, { theme: palette });
    const table = computeTopTable(whole);
    const shareByName = new Map<string, number>();
    const shares = scheme === 'total' ? table.totalShare : table.selfShare;
    let largest = 0;
    for (let row = 0; row < table.rowCount; row++) largest = Math.max(largest, shares[row]);
    // Self shares are small: scale them to the largest, as the flame graph's self scheme does.
    const scale = scheme === 'self' && largest > 0 ? 1 / largest : 1;
    for (let row = 0; row < table.rowCount; row++)
      shareByName.set(table.name[row], shares[row] * scale);
    const frames = timeOrder.frames;
    return createFrameColorLookup(frames, {
      theme: palette,
      shareOf: (frame) => shareByName.get(frames.name(frame)) ?? 0,
    });
  }, [timeOrder, scheme, palette, whole]);
}

export interface LaneHeadersProps {
  chart: FlameChart;
  layout: LaneLayout;
  collapsed: ReadonlySet<number>;
  onToggle: (lane: number) => void;
  /** Content position at the top of the lanes' area, and its height. */
  scrollTop: number;
  height: number;
  top: number;
  headerHeight: number;
}

/**
 * A button per visible lane over its band of the canvas: the lane's name, whether it is expanded,
 * and a click (or Enter, Space) that collapses it to its header or opens it again. Names come from
 * the profile: React renders them as text.
 */
export function LaneHeaders(props: LaneHeadersProps) {
  const { chart, layout, scrollTop, height } = props;
  const buttons = [];
  for (let lane = 0; lane < chart.rowCounts.length; lane++) {
    const y = layout.top[lane] - scrollTop;
    if (y + props.headerHeight < 0 || y > height) continue;
    const { name, process, count, kind } = chart.timeOrder.lanes[lane];
    const expanded = !props.collapsed.has(lane);
    const noun = kind === 'spans' ? 'call' : 'sample';
    const what = `${formatInteger(count)} ${count === 1 ? noun : `${noun}s`}`;
    buttons.push(
      <button
        key={lane}
        type="button"
        aria-expanded={expanded}
        data-flamekit="lane-header"
        title={process ? `${name} · ${process}` : name}
        onClick={() => props.onToggle(lane)}
        style={{
          position: 'absolute',
          left: 0,
          right: 0,
          top: props.top + y,
          height: props.headerHeight,
          display: 'flex',
          alignItems: 'center',
          gap: 6,
          padding: '0 6px',
          font: 'inherit',
          fontSize: 12,
          color: themeColor.fg,
          background: 'transparent',
          border: 0,
          cursor: 'pointer',
          textAlign: 'left',
          whiteSpace: 'nowrap',
          overflow: 'hidden',
        }}
      >
        <span aria-hidden>{expanded ? '▾' : '▸'}</span>
        <span style={{ fontWeight: 600, overflow: 'hidden', textOverflow: 'ellipsis' }}>
          {name}
        </span>
        <span style={{ color: themeColor.muted }}>{what}</span>
      </button>,
    );
  }
  return <>{buttons}</>;
}

/** The hover tooltip of a box: when it started, how long it took, its self time. */
export function ChartTooltip(props: {
  summary: BoxSummary;
  unit: string;
  x: number;
  y: number;
  containerWidth: number;
}) {
  const { summary, unit, x } = props;
  const flip = x > props.containerWidth - 320;
  const location = [summary.frame.file, summary.frame.line].filter((part) => part !== undefined);
  const rows: [string, string][] = [
    ['Start', formatValue(summary.start, unit)],
    ['Duration', formatValue(summary.duration, unit)],
    ['Self', formatValue(summary.self, unit)],
  ];
  if (summary.sampleCount !== undefined) rows.push(['Samples', formatInteger(summary.sampleCount)]);
  rows.push(['Lane', summary.laneName]);
  return (
    <div
      role="tooltip"
      data-flamekit="tooltip"
      style={{
        ...panelStyle,
        left: flip ? undefined : x + 14,
        right: flip ? props.containerWidth - x + 14 : undefined,
        top: props.y + 14,
      }}
    >
      <div style={{ fontWeight: 600, fontFamily: 'ui-monospace, monospace' }}>
        {summary.frame.name}
      </div>
      {location.length > 0 && (
        <div style={{ color: themeColor.muted, fontFamily: 'ui-monospace, monospace' }}>
          {location.join(':')}
        </div>
      )}
      <table style={{ borderSpacing: '8px 0', margin: '4px -8px 0' }}>
        <tbody>
          {rows.map(([label, value]) => (
            <tr key={label}>
              <th
                style={{
                  textAlign: 'left',
                  fontWeight: 400,
                  color: themeColor.muted,
                  whiteSpace: 'nowrap',
                  verticalAlign: 'top',
                }}
              >
                {label}
              </th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
