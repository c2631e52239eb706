import { forwardRef, useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { SearchQuery } from '../core/index';
import type { ExplorerState, ExplorerView } from './explorer-state';
import { SearchBar } from './SearchBar';
import { buttonStyle, themeColor } from './styles';

const ALL_VIEWS: [ExplorerView, string][] = [
  ['flame-graph', 'Flame graph'],
  ['top-table', 'Top table'],
  ['both', 'Both'],
  ['sandwich', 'Sandwich'],
  ['call-tree', 'Call tree'],
  ['flame-chart', 'Flame chart'],
];

/** From this width up the toolbar is one row (below it, it may wrap). */
export const TOOLBAR_ONE_ROW_WIDTH = 1100;
/** Below this width the secondary controls (sample type, colours, orientation, alignment) move into "More". */
export const TOOLBAR_ALL_INLINE_WIDTH = 1600;
/** What the Flame chart view's button adds to the row: the thresholds move up by it. */
const FLAME_CHART_SWITCH_WIDTH = 120;

export interface ExplorerToolbarProps {
  /** The explorer's width in CSS px: what fits in one row. */
  width: number;
  state: ExplorerState;
  /** The view radio's choice (the explorer opens a sandwich on the chosen frame). */
  onViewChange: (view: ExplorerView) => void;
  search: { matchCount: number; share: number; error?: string };
  onSearchChange: (query: SearchQuery) => void;
  onStep: (direction: 1 | -1) => void;
  onReset: () => void;
  /** Sample type, colours, orientation, alignment: in the "More" menu when the row is short. */
  secondary: ReactNode;
  /** Export and the host's items, always at the end of the row. */
  end: ReactNode;
  /** Offer the flame chart: the profile has a time order. */
  timeOrdered?: boolean;
}

/**
 * The explorer's toolbar: the search, the view switch (a radio group: one Tab stop, arrows move
 * the choice), Reset, the secondary controls and Export. One row from
 * {@link TOOLBAR_ONE_ROW_WIDTH} px up; what does not fit (the secondary controls, below
 * {@link TOOLBAR_ALL_INLINE_WIDTH} px) goes into a "More" menu, as Grafana's and the Firefox
 * Profiler's toolbars do; below one row's width the parts wrap, so a narrow page is never
 * pushed sideways.
 */
export const ExplorerToolbar = forwardRef<HTMLInputElement, ExplorerToolbarProps>(
  function ExplorerToolbar(props, searchRef) {
    const extra = props.timeOrdered ? FLAME_CHART_SWITCH_WIDTH : 0;
    const oneRow = props.width >= TOOLBAR_ONE_ROW_WIDTH + extra;
    const inline = props.width >= TOOLBAR_ALL_INLINE_WIDTH + extra;
    return (
      <div
        role="toolbar"
        aria-label="Profile explorer"
        style={{
          display: 'flex',
          gap: 8,
          alignItems: 'center',
          flexWrap: oneRow ? 'nowrap' : 'wrap',
          minWidth: 0,
        }}
      >
        <div style={{ flex: oneRow ? '1 1 16rem' : '1 1 30rem', minWidth: 0 }}>
          <SearchBar
            ref={searchRef}
            query={props.state.search}
            onQueryChange={props.onSearchChange}
            matchCount={props.search.matchCount}
            share={props.search.share}
            error={props.search.error}
            onStep={props.onStep}
            wrap={!oneRow}
          />
        </div>
        <ViewSwitch
          view={props.state.view}
          onChange={props.onViewChange}
          timeOrdered={props.timeOrdered}
        />
        <button type="button" onClick={props.onReset} style={buttonStyle}>
          Reset
        </button>
        {inline ? (
          <div style={{ display: 'flex', gap: 8, alignItems: 'center', flex: 'none' }}>
            {props.secondary}
          </div>
        ) : (
          <MoreMenu>{props.secondary}</MoreMenu>
        )}
        <div style={{ display: 'flex', gap: 8, alignItems: 'center', flex: 'none' }}>
          {props.end}
        </div>
      </div>
    );
  },
);

/** The views as a radio group: one Tab stop on the chosen view, arrow keys choose another. */
function ViewSwitch(props: {
  view: ExplorerView;
  onChange: (view: ExplorerView) => void;
  timeOrdered?: boolean;
}) {
  const VIEWS = props.timeOrdered
    ? ALL_VIEWS
    : ALL_VIEWS.filter(([view]) => view !== 'flame-chart');
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const current = VIEWS.findIndex(([view]) => view === props.view);
    const step =
      event.key === 'ArrowRight' || event.key === 'ArrowDown'
        ? 1
        : event.key === 'ArrowLeft' || event.key === 'ArrowUp'
          ? -1
          : 0;
    let next = -1;
    if (step !== 0) next = (current + step + VIEWS.length) % VIEWS.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = VIEWS.length - 1;
    if (next < 0) return;
    event.preventDefault();
    props.onChange(VIEWS[next][0]);
    buttons.current[next]?.focus();
  };
  return (
    <div
      role="radiogroup"
      aria-label="View"
      onKeyDown={onKeyDown}
      style={{ display: 'flex', gap: 4, flexWrap: 'wrap', flex: 'none', maxWidth: '100%' }}
    >
      {VIEWS.map(([view, label], index) => (
        <button
          key={view}
          ref={(element) => {
            buttons.current[index] = element;
          }}
          type="button"
          role="radio"
          aria-checked={props.view === view}
          tabIndex={props.view === view ? 0 : -1}
          onClick={() => props.onChange(view)}
          style={{
            ...buttonStyle,
            fontWeight: props.view === view ? 600 : 400,
            // Always set: React clearing a longhand would undo the border shorthand.
            borderColor: props.view === view ? themeColor.accent : themeColor.border,
          }}
        >
          {label}
        </button>
      ))}
    </div>
  );
}

/** A button that opens the controls that do not fit in the row; Escape or a click outside shuts it. */
function MoreMenu(props: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);
  return (
    <div
      ref={root}
      style={{ position: 'relative', flex: 'none' }}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.preventDefault();
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-haspopup="true"
        onClick={() => setOpen(!open)}
        style={buttonStyle}
      >
        More ▾
      </button>
      {open && (
        <div
          role="group"
          aria-label="More controls"
          data-flamekit="more-menu"
          style={{
            position: 'absolute',
            right: 0,
            top: 'calc(100% + 4px)',
            zIndex: 20,
            display: 'flex',
            flexDirection: 'column',
            alignItems: 'stretch',
            gap: 6,
            padding: 8,
            minWidth: '12rem',
            maxWidth: 'calc(100vw - 16px)',
            background: themeColor.panel,
            border: `1px solid ${themeColor.border}`,
            borderRadius: 6,
            boxShadow: '0 4px 16px rgba(0, 0, 0, 0.18)',
          }}
        >
          {props.children}
        </div>
      )}
    </div>
  );
}
