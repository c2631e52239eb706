import { formatShare, formatValue } from '../core/index';
import type { CallTreeRow } from './call-tree-rows';
import { gridRowStyle, themeColor } from './styles';

export const ROW_HEIGHT = 24;
/** Value columns shrink on a narrow page (text cut with an ellipsis) rather than push it sideways. */
export const CALL_TREE_COLUMNS = 'minmax(3.5rem, 9.5rem) minmax(3.5rem, 9.5rem) minmax(5rem, 1fr)';
const INDENT = 14;

const cellText = {
  whiteSpace: 'nowrap',
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  minWidth: 0,
} as const;

/**
 * One row of the call tree grid: total (with its share of the profile), self and the function,
 * indented by depth, with its expander. A bottom-up caller row says in its cells' titles that
 * its numbers are the function's through that caller; a function matching the search is marked.
 */
export function CallTreeRowView(props: {
  id: string;
  index: number;
  top: number;
  row: CallTreeRow;
  unit: string;
  rootTotal: number;
  selected: boolean;
  active: boolean;
  matched: boolean;
  onSelect: () => void;
  onToggle: () => void;
}) {
  const { row, unit, rootTotal, selected, active } = props;
  const through = row.throughCallers
    ? ` of ${row.path[0]} through ${row.path.slice(1).join(' ← ')}`
    : '';
  return (
    <div
      id={props.id}
      role="row"
      aria-rowindex={props.index + 2}
      aria-level={row.depth + 1}
      aria-expanded={row.hasChildren ? row.expanded : undefined}
      aria-selected={selected}
      data-match={props.matched || undefined}
      onClick={props.onSelect}
      style={gridRowStyle({
        top: props.top,
        height: ROW_HEIGHT,
        columns: CALL_TREE_COLUMNS,
        selected,
        active,
      })}
    >
      <div
        role="gridcell"
        title={through && `Total${through}`}
        style={{ padding: '0 8px', ...cellText }}
      >
        {formatValue(row.total, unit)}{' '}
        <span style={{ color: themeColor.muted }}>
          {formatShare(rootTotal ? row.total / rootTotal : 0)}
        </span>
      </div>
      <div
        role="gridcell"
        title={through && `Self${through}`}
        style={{ padding: '0 8px', ...cellText }}
      >
        {formatValue(row.self, unit)}
      </div>
      <div
        role="gridcell"
        title={row.name}
        style={{
          paddingLeft: 8 + row.depth * INDENT,
          ...cellText,
          fontFamily: 'ui-monospace, monospace',
        }}
      >
        <span
          aria-hidden
          onClick={(event) => {
            event.stopPropagation();
            if (row.hasChildren) props.onToggle();
          }}
          style={{
            display: 'inline-block',
            width: 14,
            cursor: row.hasChildren ? 'pointer' : 'default',
          }}
        >
          {row.hasChildren ? (row.expanded ? '▾' : '▸') : ''}
        </span>
        {props.matched ? (
          <mark
            style={{
              color: 'inherit',
              background: `color-mix(in srgb, ${themeColor.accent} 30%, transparent)`,
              borderRadius: 2,
              padding: '0 2px',
            }}
          >
            {row.name}
          </mark>
        ) : (
          row.name
        )}
      </div>
    </div>
  );
}
