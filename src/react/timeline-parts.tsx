/** The display parts of <Timeline>: brush bar, axes, bands, read-out and legend. */
import type { CSSProperties } from 'react';
import {
  formatValue,
  type SeriesTotals,
  type SeriesTotalsGroup,
  type TimeRange,
} from '../core/index';
import { buttonStyle, panelStyle, themeColor } from './styles';
import {
  computeTimeTicks,
  computeValueTicks,
  timelineGroupName,
  timelineLineStyle,
  type TimelineBrush,
  type TimelineGeometry,
} from './timeline-geometry';

type Ranges = Record<string, TimeRange | undefined>;

export const rowStyle: CSSProperties = {
  display: 'flex',
  flexWrap: 'wrap',
  gap: 6,
  alignItems: 'center',
};
const swatchStyle = (color: string, dash?: string): CSSProperties => ({
  display: 'inline-block',
  width: 14,
  borderTop: `3px ${dash ? 'dashed' : 'solid'} ${color}`,
  verticalAlign: 'middle',
  marginRight: 4,
});
const axisText: CSSProperties = { fill: themeColor.muted, fontSize: 11 };
const gridStyle: CSSProperties = { stroke: themeColor.border, strokeWidth: 1 };

/**
 * One entry per brush: a toggle that makes it the one a drag sets (with two or more brushes),
 * its range in words and a button to clear it.
 */
export function BrushBar(props: {
  brushes: readonly TimelineBrush[];
  activeId: string | undefined;
  ranges: Readonly<Ranges>;
  colorOf: (index: number) => string;
  describe: (range: TimeRange) => string;
  onActivate: (id: string) => void;
  onClear: (id: string) => void;
}) {
  const { brushes, activeId, ranges, colorOf, describe } = props;
  const choosing = brushes.length >= 2;
  if (!choosing && !brushes.some((b) => ranges[b.id])) return null;
  return (
    <div data-flamekit="timeline-brushes" role="group" aria-label="Brushes" style={rowStyle}>
      {brushes.map((b, index) => {
        const range = ranges[b.id];
        if (!choosing && !range) return null;
        return (
          <span key={b.id} style={{ ...rowStyle, gap: 4, marginRight: 8 }}>
            {choosing ? (
              <button
                type="button"
                aria-pressed={b.id === activeId}
                title={`Drag on the chart to set the ${b.label} range`}
                onClick={() => props.onActivate(b.id)}
                style={{
                  ...buttonStyle,
                  borderColor: colorOf(index),
                  fontWeight: b.id === activeId ? 600 : undefined,
                }}
              >
                {b.label}
              </button>
            ) : (
              <span>
                <span aria-hidden style={swatchStyle(colorOf(index))} />
                {b.label}:
              </span>
            )}
            {range && (
              <>
                {describe(range)}
                <button
                  type="button"
                  aria-label={`Clear ${b.label}`}
                  onClick={() => props.onClear(b.id)}
                  style={buttonStyle}
                >
                  Clear
                </button>
              </>
            )}
          </span>
        );
      })}
    </div>
  );
}

export function Axes({ geometry, unit }: { geometry: TimelineGeometry; unit: string }) {
  const { plot } = geometry;
  return (
    <g data-flamekit="timeline-axes">
      <rect
        data-flamekit="timeline-plot"
        x={plot.left}
        y={plot.top}
        width={plot.right - plot.left}
        height={plot.bottom - plot.top}
        style={{ fill: 'transparent', stroke: themeColor.border }}
      />
      {computeValueTicks(geometry, (value) => formatValue(value, unit)).map((tick) => (
        <g key={tick.px} data-flamekit="timeline-y-tick">
          <line x1={plot.left} x2={plot.right} y1={tick.px} y2={tick.px} style={gridStyle} />
          <text
            x={plot.left - 6}
            y={tick.px}
            textAnchor="end"
            dominantBaseline="middle"
            style={axisText}
          >
            {tick.label}
          </text>
        </g>
      ))}
      {computeTimeTicks(geometry).map((tick) => (
        <g key={tick.px} data-flamekit="timeline-x-tick">
          <line x1={tick.px} x2={tick.px} y1={plot.bottom} y2={plot.bottom + 4} style={gridStyle} />
          <text
            x={tick.px}
            y={plot.bottom + 16}
            // The last label would be cut off by the chart's edge when centred.
            textAnchor={tick.px > plot.right - 24 ? 'end' : 'middle'}
            style={axisText}
          >
            {tick.label}
          </text>
        </g>
      ))}
    </g>
  );
}

export function Band(props: {
  geometry: TimelineGeometry;
  x: [number, number];
  label: string;
  color: string;
}) {
  const { plot } = props.geometry;
  const [left, right] = props.x;
  const { color } = props;
  return (
    <g data-flamekit="timeline-band">
      <rect
        x={left}
        y={plot.top}
        width={right - left}
        height={plot.bottom - plot.top}
        style={{ fill: color, fillOpacity: 0.15, stroke: color, strokeOpacity: 0.7 }}
      />
      <text x={left + 3} y={plot.top + 12} style={{ fill: color, fontSize: 11, fontWeight: 600 }}>
        {props.label}
      </text>
    </g>
  );
}

export function Readout(props: {
  x: number;
  width: number;
  top: number;
  time: string;
  rows: { name: string; value: string; color: string }[];
}) {
  const { x, width, top } = props;
  // Beside the rule, on whichever side has more room.
  const side: CSSProperties = x < width / 2 ? { left: x + 10 } : { right: width - x + 10 };
  return (
    <div
      data-flamekit="timeline-readout"
      style={{ ...panelStyle, ...side, top, padding: '4px 6px', fontSize: 12, maxWidth: 320 }}
    >
      <div style={{ fontWeight: 600 }}>{props.time}</div>
      {props.rows.map((row, index) => (
        <div key={index}>
          <span aria-hidden style={swatchStyle(row.color)} />
          {row.name}: {row.value}
        </div>
      ))}
    </div>
  );
}

export function Legend({
  totals,
  unit,
  colorOf,
}: {
  totals: SeriesTotals;
  unit: string;
  /** A colour the host gave the group, if any. */
  colorOf: (group: SeriesTotalsGroup) => string | undefined;
}) {
  if (totals.groups.length === 0) return null;
  return (
    <ul
      data-flamekit="timeline-legend"
      aria-label={totals.groupBy ? `Totals by ${totals.groupBy}` : 'Legend'}
      style={{ ...rowStyle, listStyle: 'none', margin: 0, padding: 0, fontSize: 12, gap: 12 }}
    >
      {totals.groups.map((group, index) => {
        const { color, dash } = timelineLineStyle(index, colorOf(group));
        return (
          <li key={index}>
            <span aria-hidden style={swatchStyle(color, dash)} />
            {timelineGroupName(group)}{' '}
            <span style={{ color: themeColor.muted }}>{formatValue(group.total, unit)}</span>
          </li>
        );
      })}
      {totals.omittedGroups > 0 && (
        <li
          data-flamekit="timeline-omitted"
          title={`${totals.omittedGroups} more groups with smaller totals are not shown`}
          style={{ color: themeColor.muted }}
        >
          +{totals.omittedGroups} more
        </li>
      )}
    </ul>
  );
}
