import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { formatValue, importProfile, ProfileSeries } from '../../src/core';
import { SeriesExplorer } from '../../src/react';
import { DEFAULT_EXPLORER_STATE, type ExplorerState } from '../../src/react/explorer-state';
import { describeSides } from '../../src/react/use-series-views';
import { createSyntheticDay, SYNTHETIC_DAY_START_NS } from '../../bench/synthetic-series';

// 16 profiles: each of the 8 sources at 00:00 and at 12:00 (checkout turns version 2 at noon).
const day = createSyntheticDay({ profiles: 16, samplesPerProfile: 200, programNodes: 500 });
const totalOf = (selected: typeof day.profiles) =>
  selected.reduce((sum, p) => sum + p.profile.tree().total[0], 0);
const NOON = SYNTHETIC_DAY_START_NS + 12 * 3600e9;

/** Baseline and comparison totals in the diff graph's tooltip over its root box. */
function rootTooltipValues(): string[] {
  act(() => {
    vi.advanceTimersByTime(50);
  });
  const canvas = document.querySelector('canvas')!;
  fireEvent.pointerMove(canvas, { clientX: 400, clientY: 200 - 9 });
  const cells = screen
    .getByRole('tooltip')
    .querySelectorAll('[data-flamekit="diff-tooltip"] tbody td');
  return [...cells].slice(0, 2).map((cell) => cell.textContent ?? '');
}

describe('<SeriesExplorer>', () => {
  it('compares the two halves of the series until ranges are brushed', () => {
    vi.useFakeTimers();
    render(<SeriesExplorer series={day.series} defaultMode="compare" height={200} />);
    // The halves of the span (00:00 to 12:00:17) meet at 06:00: the 00:00 profiles against noon's.
    const before = day.profiles.filter((p) => p.timeNs < NOON);
    const after = day.profiles.filter((p) => p.timeNs >= NOON);
    expect(before.length).toBe(8);
    expect(rootTooltipValues()).toEqual([
      formatValue(totalOf(before), 'nanoseconds'),
      formatValue(totalOf(after), 'nanoseconds'),
    ]);
    vi.useRealTimers();
  });

  it('compares two label values under the shared matchers', () => {
    vi.useFakeTimers();
    render(
      <SeriesExplorer
        series={day.series}
        defaultMode="compare"
        defaultCompareBy="label"
        defaultMatchers={[{ name: 'service', op: '=', value: 'checkout' }]}
        defaultLabelComparison={{ name: 'version', baseline: '1', comparison: '2' }}
        height={200}
      />,
    );
    const checkout = (version: string) =>
      day.profiles.filter((p) => p.labels.service === 'checkout' && p.labels.version === version);
    expect(rootTooltipValues()).toEqual([
      formatValue(totalOf(checkout('1')), 'nanoseconds'),
      formatValue(totalOf(checkout('2')), 'nanoseconds'),
    ]);
    expect(screen.getByRole('group', { name: 'Label values compared' }).textContent).toContain(
      'Baseline',
    );
    vi.useRealTimers();
  });

  it('switches between one merged profile and a comparison', () => {
    const onModeChange = vi.fn();
    render(<SeriesExplorer series={day.series} onModeChange={onModeChange} />);
    // Single mode: the merged profile in a ProfileExplorer, no diff legend.
    expect(document.querySelector('[data-flamekit="diff-legend"]')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Compare' }));
    expect(onModeChange).toHaveBeenCalledWith('compare');
    expect(document.querySelector('[data-flamekit="diff-legend"]')).not.toBeNull();
  });

  it('hands a controlled explorerState to its ProfileExplorer, and reports changes', () => {
    const onExplorerStateChange = vi.fn();
    const explorerState: ExplorerState = {
      ...DEFAULT_EXPLORER_STATE,
      view: 'top-table',
      search: { text: 'checkout', mode: 'substring' },
    };
    render(
      <SeriesExplorer
        series={day.series}
        explorerState={explorerState}
        onExplorerStateChange={onExplorerStateChange}
      />,
    );
    const checked = () => screen.getByRole('radio', { checked: true }).textContent;
    expect(checked()).toBe('Top table');
    // The top table, and no flame graph: the inner explorer shows the view it was given.
    expect(screen.getByRole('grid')).toBeTruthy();
    expect(screen.queryByRole('application', { name: 'Flame graph' })).toBeNull();
    const searchbox = screen.getByRole('searchbox', { name: 'Search functions' });
    expect((searchbox as HTMLInputElement).value).toBe('checkout');
    fireEvent.click(screen.getByRole('radio', { name: 'Both' }));
    expect(onExplorerStateChange).toHaveBeenCalledTimes(1);
    expect(onExplorerStateChange).toHaveBeenCalledWith({ ...explorerState, view: 'both' });
    // Controlled: the view stays what the host holds until the host passes the new one.
    expect(checked()).toBe('Top table');
  });

  it('asks for what is missing rather than showing an empty comparison', () => {
    render(<SeriesExplorer series={day.series} defaultMode="compare" defaultRanges={{}} />);
    const hint = screen.getByText('Drag on the timeline to choose the baseline range.');
    expect(hint.getAttribute('role')).toBe('status');
    expect(document.querySelector('canvas')).toBeNull();
  });
});

describe('describeSides', () => {
  const range = { startNs: 1, endNs: 2 };
  const matchers = [{ name: 'region', op: '=' as const, value: 'eu' }];

  it('adds the compared label to the shared matchers and keeps the selection', () => {
    const sides = describeSides({
      mode: 'compare',
      compareBy: 'label',
      ranges: { selection: range },
      matchers,
      labelComparison: { name: 'version', baseline: '1', comparison: '2' },
    });
    expect(sides.baseline).toEqual({
      range,
      matchers: [...matchers, { name: 'version', op: '=', value: '1' }],
    });
    expect(sides.comparison?.matchers.at(-1)).toEqual({ name: 'version', op: '=', value: '2' });
  });

  it('needs both ranges to compare times', () => {
    const base = {
      mode: 'compare' as const,
      compareBy: 'time' as const,
      matchers,
      labelComparison: undefined,
    };
    expect(describeSides({ ...base, ranges: { baseline: range } }).hint).toMatch(/Comparison/);
    expect(
      describeSides({ ...base, ranges: { baseline: range, comparison: range } }).comparison,
    ).toEqual({
      range,
      matchers,
    });
  });

  it('compares two snapshots as they came: the earlier one is the baseline, heavier or not', () => {
    const series = new ProfileSeries();
    // The later snapshot has more allocated: by weight alone it would come first.
    series.add(importProfile('main;alloc 5'), {
      timeNs: 1e9,
      labels: { service: 'app', snapshot: 'before' },
    });
    series.add(importProfile('main;alloc 8'), {
      timeNs: 2e9,
      labels: { service: 'app', snapshot: 'after' },
    });
    render(
      <SeriesExplorer
        series={series}
        defaultMode="compare"
        defaultCompareBy="label"
        defaultGroupBy="snapshot"
      />,
    );
    expect((screen.getByRole('combobox', { name: 'Baseline' }) as HTMLSelectElement).value).toBe(
      'before',
    );
    expect((screen.getByRole('combobox', { name: 'Comparison' }) as HTMLSelectElement).value).toBe(
      'after',
    );
    // The timeline's lines (and their legend) in the colours of the baseline and the comparison.
    const legend = [...document.querySelectorAll('[data-flamekit="timeline-legend"] li')].map(
      (item) => [
        item.textContent!.split(' ')[0],
        (item.querySelector('span[aria-hidden]') as HTMLElement).style.borderTop,
      ],
    );
    expect(legend).toEqual([
      ['after', expect.stringContaining('#d62728')],
      ['before', expect.stringContaining('#1f77b4')],
    ]);
    const strokes = [...document.querySelectorAll('[data-flamekit="timeline-line"]')].map(
      (path) => (path as SVGElement).style.stroke,
    );
    expect(strokes).toEqual(['#d62728', '#1f77b4']);
  });
});
