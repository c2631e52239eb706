import {
  colorToCss,
  formatValue,
  type DiffColorMode,
  type DiffColorScale,
  type DiffWidthMode,
} from '../core/index';
import { themeColor } from './styles';
import { themedRootProps, useResolvedTheme, type ThemedProps } from './use-theme';

const MODE_WORDS: Record<DiffColorMode, string> = {
  relative: 'change of each frame’s share of its profile',
  absolute: 'change of each frame’s total',
  self: 'change of each frame’s self value',
};

const WIDTH_WORDS: Record<DiffWidthMode, string> = {
  comparison: 'Widths are the comparison’s values; removed frames have no width.',
  baseline: 'Widths are the baseline’s values; new frames have no width.',
  both: 'Widths are both profiles’ values added, so removed frames stay visible.',
};

/** Diagonal hatching like the renderer's: `/` for new frames, `\` for removed ones. */
function hatch(direction: 'new' | 'removed', fill: string): string {
  const angle = direction === 'new' ? '-45deg' : '45deg';
  return `repeating-linear-gradient(${angle}, rgba(0,0,0,0.45) 0 1px, ${fill} 1px 6px)`;
}

export interface DiffLegendProps extends ThemedProps {
  /** The scale the graph colours with (core's `createDiffColorScale`). */
  scale: DiffColorScale;
  unit: string;
  widthMode: DiffWidthMode;
}

/**
 * The diff graph's legend: the colour ramp with its end values, and in words what increases,
 * decreases, new and removed frames look like, so that the meaning does not rest on colour.
 */
export function DiffLegend(props: DiffLegendProps) {
  const { scale, unit, widthMode } = props;
  const theme = useResolvedTheme(props.theme);
  const { legend, limit, mode, palette } = scale;
  const increase = palette === 'colorblind' ? 'Red-orange' : 'Red';
  const decrease = palette === 'colorblind' ? 'Blue' : 'Green';
  const end = (value: number) =>
    mode === 'relative'
      ? `${value > 0 ? '+' : value < 0 ? '−' : ''}${Math.abs(value)} %`
      : `${value > 0 ? '+' : value < 0 ? '−' : ''}${formatValue(Math.abs(value), unit)}`;
  const gradient = `linear-gradient(to right, ${legend.stops.map((stop) => colorToCss(stop.color)).join(', ')})`;
  const swatch = {
    display: 'inline-block',
    width: 22,
    height: 12,
    borderRadius: 2,
    verticalAlign: 'middle',
  };
  return (
    <div
      data-flamekit="diff-legend"
      role="group"
      aria-label="Diff legend"
      {...themedRootProps(theme, props, {
        display: 'grid',
        gap: 4,
        fontSize: 12,
        marginTop: 6,
        color: themeColor.fg,
      })}
    >
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
        <span>{end(-limit)}</span>
        <span aria-hidden style={{ ...swatch, width: 160, background: gradient }} />
        <span>{end(limit)}</span>
        <span>
          <span
            aria-hidden
            style={{ ...swatch, background: hatch('new', colorToCss(legend.newColor)) }}
          />{' '}
          new
        </span>
        <span>
          <span
            aria-hidden
            style={{
              ...swatch,
              background: hatch('removed', colorToCss(legend.removedColor)),
              outline: '1px dashed rgba(0,0,0,0.6)',
            }}
          />{' '}
          removed
        </span>
      </div>
      <p style={{ margin: 0 }}>
        Colour shows the {MODE_WORDS[mode]}, from the baseline to the comparison. {increase}: grew
        (worse for a cost), {decrease}: shrank, grey: unchanged; the colour is full at {end(limit)}{' '}
        and beyond. Violet with / hatching: new, only in the comparison. Slate with \ hatching and a
        dashed border: removed, only in the baseline. {WIDTH_WORDS[widthMode]}
      </p>
    </div>
  );
}
