import type { ReactNode } from 'react';
import { formatInteger, formatShare, formatValue, type NodeSummary } from '../core/index';
import { panelStyle, themeColor } from './styles';

export interface TooltipProps {
  summary: NodeSummary;
  unit: string;
  /** The node's sample count, when the profile has a count type besides the shown one. */
  samples?: number;
  x: number;
  y: number;
  /** Room to the right before the tooltip flips to the left of the pointer. */
  containerWidth: number;
  /** Host content appended at the end. */
  extra?: ReactNode;
  /** What the root's total stands for: "x % of <this>". Default "profile". */
  totalLabel?: string;
}

/** The hover tooltip. Names come from the profile: React renders them as text, never as HTML. */
export function Tooltip(props: TooltipProps) {
  const { summary, unit, samples, x, y, containerWidth, extra } = props;
  const whole = props.totalLabel ?? 'profile';
  const flip = x > containerWidth - 320;
  return (
    <div
      role="tooltip"
      data-flamekit="tooltip"
      style={{
        ...panelStyle,
        left: flip ? undefined : x + 14,
        right: flip ? containerWidth - x + 14 : undefined,
        top: y + 14,
      }}
    >
      <div style={{ fontWeight: 600, fontFamily: 'ui-monospace, monospace' }}>{summary.name}</div>
      {summary.location && (
        <div style={{ color: themeColor.muted, fontFamily: 'ui-monospace, monospace' }}>
          {summary.location}
        </div>
      )}
      <table style={{ borderSpacing: '8px 0', margin: '4px -8px 0' }}>
        <tbody>
          <tr>
            <th style={{ textAlign: 'left', fontWeight: 400, color: themeColor.muted }}>Total</th>
            <td>{formatValue(summary.total, unit)}</td>
            <td>
              {formatShare(summary.shareOfProfile)} of {whole}
            </td>
          </tr>
          <tr>
            <th style={{ textAlign: 'left', fontWeight: 400, color: themeColor.muted }}>Self</th>
            <td>{formatValue(summary.self, unit)}</td>
            <td>
              {formatShare(
                summary.total !== 0 ? (summary.self / summary.total) * summary.shareOfProfile : 0,
              )}{' '}
              of {whole}
            </td>
          </tr>
          <tr>
            <th style={{ textAlign: 'left', fontWeight: 400, color: themeColor.muted }}>Share</th>
            <td colSpan={2}>
              {formatShare(summary.shareOfParent)} of parent · {formatShare(summary.shareOfZoom)} of
              zoomed
            </td>
          </tr>
          {samples !== undefined && (
            <tr>
              <th style={{ textAlign: 'left', fontWeight: 400, color: themeColor.muted }}>
                Samples
              </th>
              <td colSpan={2}>{formatInteger(samples)}</td>
            </tr>
          )}
        </tbody>
      </table>
      {extra}
    </div>
  );
}
