/** The parts the fleet explorer's views share: their context, a query's status, a small series. */
import type { CSSProperties, ReactNode } from 'react';
import {
  formatValue,
  type LabelMatcher,
  type ProfileSource,
  type SourceProfileType,
  type SourceTotals,
  type SourceTotalsGroup,
  type TimeRange,
} from '../core/index';
import type { FleetExplorerState } from './fleet-state';
import { buttonStyle, inputStyle, themeColor } from './styles';
import { Timeline } from './Timeline';
import type { SourceQueryState } from './use-source-query';
import type { ThemeChoice } from './use-theme';

/** What every view of the fleet explorer is given. */
export interface FleetContext {
  source: ProfileSource;
  state: FleetExplorerState;
  /** Changes part of the state; an updater sees the changes made before it in the same event. */
  update(
    change:
      Partial<FleetExplorerState> | ((old: FleetExplorerState) => Partial<FleetExplorerState>),
  ): void;
  /** The time window shown. */
  window: TimeRange;
  /** The profile type shown, resolved (the state's, or the source's first CPU type). */
  profileType: SourceProfileType | undefined;
  /** The label that names a service (`service_name` in Pyroscope). */
  serviceLabel: string;
  maxNodes: number;
  theme: ThemeChoice | undefined;
  height: number;
  /** The current milliseconds, for the diff's presets. */
  now: () => number;
  /** Changes when the source's profiles do (a series that grew): every query asks again. */
  revision: number;
}

export const rowStyle: CSSProperties = {
  display: 'flex',
  flexWrap: 'wrap',
  gap: 6,
  alignItems: 'center',
};
export const mutedStyle: CSSProperties = { color: themeColor.muted };
/** A column of parts that shrink to its width (a grid item would keep its content's width). */
export const stackStyle: CSSProperties = {
  display: 'grid',
  gridTemplateColumns: 'minmax(0, 1fr)',
  gap: 6,
};
export const gridStyle: CSSProperties = {
  display: 'grid',
  gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 340px), 1fr))',
  gap: 8,
};

/**
 * A key that changes whenever a query's inputs do, or the source's profiles (`revision`): what
 * `useSourceQuery` restarts on.
 */
export function queryKey(context: Pick<FleetContext, 'revision'>, ...parts: unknown[]): string {
  return JSON.stringify([context.revision, ...parts]);
}

/**
 * Loading and errors, where the answer goes: "Loading…" beside the answer still shown (the last
 * one, dimmed by {@link loadingStyle}), or the error with a button to ask again.
 */
export function QueryStatus(props: { query: SourceQueryState<unknown>; what: string }) {
  const { query, what } = props;
  if (query.error !== undefined) {
    return (
      <div
        role="alert"
        data-flamekit="fleet-error"
        style={{ ...rowStyle, color: themeColor.error }}
      >
        <span style={{ overflowWrap: 'anywhere' }}>
          Could not load {what}: {query.error}
        </span>
        <button type="button" style={buttonStyle} onClick={query.retry}>
          Retry
        </button>
      </div>
    );
  }
  if (!query.loading) return null;
  return (
    <div role="status" data-flamekit="fleet-loading" style={mutedStyle}>
      Loading {what}…
    </div>
  );
}

/** Stale content while its replacement loads: shown, dimmed, not clickable. */
export function loadingStyle(query: SourceQueryState<unknown>): CSSProperties {
  return query.loading ? { opacity: 0.55, pointerEvents: 'none', transition: 'opacity 120ms' } : {};
}

/** The largest value of a group's steps; NaN steps (no data) do not count. */
export function groupMaximum(group: SourceTotalsGroup): number {
  let max = -Infinity;
  for (const value of group.values) if (value > max) max = value;
  return max === -Infinity ? 0 : max;
}

/**
 * One group of a totals answer as a small series: a heading with its total and maximum, a short
 * `<Timeline>` (no brush), and the host's actions.
 */
export function SmallSeries(props: {
  totals: SourceTotals;
  group: SourceTotalsGroup;
  /** The heading; the chart is named "<name> over time". */
  name: string;
  actions?: ReactNode;
  theme: ThemeChoice | undefined;
}) {
  const { totals, group, theme, name } = props;
  const label = `${name} over time`;
  const unit = totals.sampleType.unit;
  const single = { ...totals, groups: [group], omittedGroups: 0, groupBy: undefined };
  return (
    <section
      data-flamekit="fleet-series"
      aria-label={label}
      style={{
        border: `1px solid ${themeColor.border}`,
        borderRadius: 6,
        padding: 8,
        display: 'flex',
        flexDirection: 'column',
        gap: 4,
        minWidth: 0,
      }}
    >
      <div style={{ ...rowStyle, justifyContent: 'space-between' }}>
        <strong style={{ overflowWrap: 'anywhere' }}>{name}</strong>
        <span style={mutedStyle}>
          Sum {formatValue(group.total, unit)} · Max {formatValue(groupMaximum(group), unit)}
        </span>
      </div>
      <Timeline
        totals={single}
        brushes={[]}
        height={70}
        theme={theme}
        unit={unit}
        ariaLabel={label}
      />
      {props.actions && <div style={rowStyle}>{props.actions}</div>}
    </section>
  );
}

/** A profile type for people: `process_cpu · cpu (nanoseconds)`. */
export function describeProfileType(type: SourceProfileType): string {
  return `${type.name ? `${type.name} · ` : ''}${type.sampleType.type} (${type.sampleType.unit})`;
}

/** The matchers with `matcher` in place of any other on its label (an include replaces an exclude). */
export function withMatcher(
  matchers: readonly LabelMatcher[],
  matcher: LabelMatcher,
): LabelMatcher[] {
  return [...matchers.filter((m) => m.name !== matcher.name), matcher];
}

/** The matchers without those on `name`. */
export function withoutLabel(matchers: readonly LabelMatcher[], name: string): LabelMatcher[] {
  return matchers.filter((m) => m.name !== name);
}

/** A labelled `<select>` of a few choices. */
export function ChoiceSelect(props: {
  label: string;
  value: string;
  choices: readonly (readonly [value: string, text: string])[];
  onChange: (value: string) => void;
}) {
  return (
    <label style={{ ...rowStyle, gap: 4 }}>
      {props.label}
      <select
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        style={inputStyle}
      >
        {props.choices.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
