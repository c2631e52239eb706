import type { CSSProperties } from 'react';
import { formatShare, formatValue } from '../core/index';
import type { LineCost, LineTable } from '../core/insights/line-table';
import { buttonStyle, themeColor, visuallyHidden } from './styles';

/** The lines of a file, without the empty one a final newline would add. */
export function splitSourceLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * The lines shown before any expanding, 1-based and inclusive: from the first line with a cost to
 * the last, widened by `contextLines` each side and kept inside `1..lineCount`. A table without
 * line costs centres on the function's start line, or starts at the top.
 */
export function computeHotRange(
  table: LineTable,
  lineCount: number,
  contextLines: number,
): { first: number; last: number } {
  const context = Math.max(0, Math.floor(contextLines) || 0);
  const anchor = table.startLine ?? 1;
  const firstCost = table.lines.length > 0 ? table.lines[0].line : anchor;
  const lastCost = table.lines.length > 0 ? table.lines[table.lines.length - 1].line : anchor;
  return {
    first: Math.max(1, Math.min(firstCost - context, lineCount)),
    last: Math.max(1, Math.min(lastCost + context, lineCount)),
  };
}

/** The line with the largest total (the first of equals), where a link to the source points. */
export function hottestLine(table: LineTable): number | undefined {
  let best: LineCost | undefined;
  for (const cost of table.lines) if (!best || cost.total > best.total) best = cost;
  return best?.line ?? table.startLine;
}

export const cellStyle: CSSProperties = {
  padding: '1px 8px',
  textAlign: 'right',
  whiteSpace: 'nowrap',
  verticalAlign: 'top',
  fontVariantNumeric: 'tabular-nums',
};

export const headerCellStyle: CSSProperties = {
  ...cellStyle,
  position: 'sticky',
  top: 0,
  background: themeColor.panel,
  borderBottom: `1px solid ${themeColor.border}`,
  fontWeight: 600,
};

/** Width of the heat bar of a line that holds the function's whole total. */
const HEAT_TRACK_PX = 80;

const codeStyle: CSSProperties = {
  fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
  whiteSpace: 'pre',
  tabSize: 4,
};

/**
 * One line of the listing: its number (the row's header), self, total, a bar as wide as the
 * line's share of the function's total, and the code as text (never parsed as HTML).
 */
export function SourceLineRow({
  line,
  cost,
  code,
  showCode,
  functionTotal,
  unit,
}: {
  line: number;
  cost: LineCost | undefined;
  code: string | undefined;
  showCode: boolean;
  functionTotal: number;
  unit: string;
}) {
  const share =
    cost && functionTotal > 0 ? Math.max(0, Math.min(1, cost.total / functionTotal)) : 0;
  return (
    <tr
      data-line={line}
      style={cost ? { background: `color-mix(in srgb, ${themeColor.accent} 8%, transparent)` } : {}}
    >
      <th scope="row" style={{ ...cellStyle, fontWeight: 400, color: themeColor.muted }}>
        {line}
      </th>
      <td style={cellStyle}>{cost && cost.self !== 0 ? formatValue(cost.self, unit) : ''}</td>
      <td style={cellStyle}>{cost ? formatValue(cost.total, unit) : ''}</td>
      <td style={cellStyle}>
        {cost && (
          // A fixed track: a code column of width 100% would squeeze a bar sized by its cell.
          <span style={{ display: 'block', width: HEAT_TRACK_PX, marginTop: 3 }}>
            <span
              data-flamekit="heat"
              aria-hidden
              style={{
                display: 'block',
                height: 10,
                width: `${share * 100}%`,
                background: themeColor.error,
                opacity: 0.75,
                borderRadius: 2,
              }}
            />
            <span style={visuallyHidden}>{formatShare(share)}</span>
          </span>
        )}
      </td>
      {showCode && (
        <td style={{ ...cellStyle, textAlign: 'left', width: '100%' }}>
          <code style={codeStyle}>{code ?? ''}</code>
        </td>
      )}
    </tr>
  );
}

/** A row holding the button that shows or hides the lines collapsed above or below. */
export function ToggleLinesRow({
  count,
  where,
  expanded,
  onToggle,
  columnCount,
}: {
  count: number;
  where: 'above' | 'below';
  expanded: boolean;
  onToggle: () => void;
  columnCount: number;
}) {
  const noun = count === 1 ? 'line' : 'lines';
  return (
    <tr>
      <td colSpan={columnCount} style={{ padding: '2px 8px' }}>
        <button
          type="button"
          aria-expanded={expanded}
          onClick={onToggle}
          style={{ ...buttonStyle, padding: '1px 8px', fontSize: 12 }}
        >
          {expanded ? 'Hide' : 'Show'} {count} {noun} {where}
        </button>
      </td>
    </tr>
  );
}

/** A footer row of the listing: a label and a self and total, such as the function's. */
export function FooterRow({
  label,
  cost,
  unit,
  columnCount,
}: {
  label: string;
  cost: { self: number; total: number };
  unit: string;
  columnCount: number;
}) {
  return (
    <tr style={{ borderTop: `1px solid ${themeColor.border}` }}>
      <th scope="row" style={{ ...cellStyle, fontWeight: 600 }}>
        {label}
      </th>
      <td style={cellStyle}>{formatValue(cost.self, unit)}</td>
      <td style={cellStyle}>{formatValue(cost.total, unit)}</td>
      <td colSpan={columnCount - 3} />
    </tr>
  );
}
