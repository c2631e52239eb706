import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { SeriesTotals, TimeRange } from '../../src/core';
import { Timeline } from '../../src/react/Timeline';

// happy-dom has no layout: the chart takes the fallback width of 800 CSS px, and the plot sits
// inside margins of 84 px (left), 12 px (right), 8 px (top) and 22 px (bottom) of a 140 px chart.
const LEFT = 84;
const PLOT_WIDTH = 800 - 12 - 84;
const TOP = 8;
const BOTTOM = 140 - 22;

const START = Date.UTC(2024, 0, 1) * 1e6; // a Monday, midnight UTC
const STEP = 10e9;
const STEPS = 6;
/** The middle of step k, where its value is plotted. */
const centerX = (k: number) => LEFT + ((k + 0.5) / STEPS) * PLOT_WIDTH;
const stepRange = (first: number, last: number): TimeRange => ({
  startNs: START + first * STEP,
  endNs: START + (last + 1) * STEP,
});

function totalsOf(overrides: Partial<SeriesTotals> = {}): SeriesTotals {
  return {
    startNs: START,
    stepNs: STEP,
    steps: STEPS,
    sampleType: { type: 'cpu', unit: 'nanoseconds' },
    aggregation: 'sum',
    groupBy: 'service',
    groups: [
      { value: 'api', values: Float64Array.from([1e9, 2e9, NaN, 4e9, 5e9, 3e9]), total: 15e9 },
      { value: '', values: Float64Array.from([5e8, 5e8, 5e8, NaN, 5e8, NaN]), total: 2e9 },
    ],
    omittedGroups: 0,
    ...overrides,
  };
}

// Values 0..5 s on a nice domain [0, 5 s]: 110 px of plot height for 5e9 ns.
const valueY = (ns: number) => BOTTOM - (ns / 5e9) * (BOTTOM - TOP);

const chart = () => screen.getByRole('application', { name: 'Totals over time' });
const svg = () => document.querySelector('svg')!;
const readout = () => document.querySelector('[data-flamekit="timeline-readout"]');
const announcer = () => document.querySelector('[data-flamekit="timeline-announcer"]')!;
const bands = () =>
  [...document.querySelectorAll('[data-flamekit="timeline-band"]')].map((band) => {
    const rect = band.querySelector('rect')!;
    const x = Number(rect.getAttribute('x'));
    return { label: band.textContent, x, right: x + Number(rect.getAttribute('width')) };
  });

function drag(fromX: number, toX: number) {
  fireEvent.pointerDown(svg(), { clientX: fromX, clientY: 50, button: 0, pointerId: 1 });
  fireEvent.pointerMove(svg(), { clientX: (fromX + toX) / 2, clientY: 50, pointerId: 1 });
  fireEvent.pointerMove(svg(), { clientX: toX, clientY: 50, pointerId: 1 });
  fireEvent.pointerUp(svg(), { clientX: toX, clientY: 50, button: 0, pointerId: 1 });
}

/** Pixel positions equal up to floating-point rounding. */
function expectPx(actual: number[], expected: number[]) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((px, i) => expect(px).toBeCloseTo(expected[i], 6));
}

/** The points of each subpath of an SVG path made of M and L commands. */
function subpaths(d: string): [number, number][][] {
  return d
    .split('M')
    .filter(Boolean)
    .map((part) =>
      part.split('L').map((point) => point.split(',').map(Number) as [number, number]),
    );
}

describe('<Timeline>', () => {
  it('places value and time ticks by the scales', () => {
    render(<Timeline totals={totalsOf()} timeZone="utc" />);
    const yTicks = [...document.querySelectorAll('[data-flamekit="timeline-y-tick"] text')];
    // 110 px of height asks for 3 ticks; over 0..5 s d3 steps by 2 s.
    expect(yTicks.map((t) => t.textContent)).toEqual(['0 ns', '2 s', '4 s']);
    expectPx(
      yTicks.map((t) => Number(t.getAttribute('y'))),
      [0, 2e9, 4e9].map(valueY),
    );
    const xTicks = [...document.querySelectorAll('[data-flamekit="timeline-x-tick"] text')];
    // 724 px asks for 7 ticks; over 60 s d3 picks every 5 s, each written whole.
    expectPx(
      xTicks.map((t) => Number(t.getAttribute('x'))),
      Array.from({ length: 13 }, (_, i) => LEFT + ((i * 5) / 60) * PLOT_WIDTH),
    );
    expect(xTicks.map((t) => t.textContent).slice(0, 3)).toEqual([
      '00:00:00',
      '00:00:05',
      '00:00:10',
    ]);
  });

  it('draws one line per group, broken into subpaths where a step has no data', () => {
    render(<Timeline totals={totalsOf()} />);
    const paths = [...document.querySelectorAll('[data-flamekit="timeline-line"]')];
    expect(paths).toHaveLength(2);
    const point = (k: number, ns: number) => [
      Math.round(centerX(k) * 100) / 100,
      Math.round(valueY(ns) * 100) / 100,
    ];
    expect(subpaths(paths[0].getAttribute('d')!)).toEqual([
      [point(0, 1e9), point(1, 2e9)],
      [point(3, 4e9), point(4, 5e9), point(5, 3e9)],
    ]);
    // The lone step 4 between gaps is a zero-length segment (a dot with round caps).
    expect(subpaths(paths[1].getAttribute('d')!)).toEqual([
      [point(0, 5e8), point(1, 5e8), point(2, 5e8)],
      [point(4, 5e8), point(4, 5e8)],
    ]);
    expect(paths[0].getAttribute('style')).not.toBe(paths[1].getAttribute('style'));
  });

  it('lists the groups with their totals, the omitted count, and Total when ungrouped', () => {
    render(<Timeline totals={totalsOf({ omittedGroups: 3 })} />);
    const items = [...document.querySelectorAll('[data-flamekit="timeline-legend"] li')];
    expect(items.map((item) => item.textContent)).toEqual(['api 15 s', '(none) 2 s', '+3 more']);
    const { groups, ...rest } = totalsOf();
    const single = { ...rest, groupBy: undefined, omittedGroups: 0 };
    render(<Timeline totals={{ ...single, groups: [{ ...groups[0], value: undefined }] }} />);
    const legends = document.querySelectorAll('[data-flamekit="timeline-legend"]');
    expect(legends[1].textContent).toBe('Total 15 s');
  });

  it('says there is nothing to show for no steps or no groups, and survives all-NaN data', () => {
    render(<Timeline totals={totalsOf({ steps: 0, groups: [] })} />);
    expect(screen.getByText('No profiles in this range')).toBeTruthy();
    expect(document.querySelector('svg')).toBeNull();
    const blank = { value: 'x', values: new Float64Array(STEPS).fill(NaN), total: 0 };
    render(<Timeline totals={totalsOf({ groups: [blank] })} />);
    expect(document.querySelector('[data-flamekit="timeline-line"]')!.getAttribute('d')).toBe('');
  });

  it('reads out the step under the pointer, with the unit and no data for gaps', () => {
    render(<Timeline totals={totalsOf()} timeZone="utc" />);
    fireEvent.pointerMove(svg(), { clientX: centerX(3) + 20, clientY: 50, pointerId: 1 });
    expect(readout()!.textContent).toBe('2024-01-01 00:00:30 UTC' + 'api: 4 s' + '(none): no data');
    const rule = document.querySelector('[data-flamekit="timeline-rule"]')!;
    expect(Number(rule.getAttribute('x1'))).toBeCloseTo(centerX(3), 9);
    fireEvent.pointerMove(svg(), { clientX: centerX(0), clientY: 50, pointerId: 1 });
    expect(readout()!.textContent).toContain('api: 1 s');
    expect(readout()!.textContent).toContain('(none): 500 ms');
    fireEvent.pointerLeave(svg(), { pointerId: 1 });
    expect(readout()).toBeNull();
  });

  it('sets whole steps by dragging, committed on release; a click selects one step', () => {
    const onRangesChange = vi.fn();
    render(<Timeline totals={totalsOf()} onRangesChange={onRangesChange} />);
    // From inside step 1 to inside step 3: steps 1..3.
    drag(centerX(1) - 30, centerX(3) + 30);
    expect(onRangesChange).toHaveBeenCalledTimes(1);
    expect(onRangesChange).toHaveBeenLastCalledWith({ selection: stepRange(1, 3) }, 'selection');
    expect(bands().map((b) => b.label)).toEqual(['Selection']);
    expectPx(
      [bands()[0].x, bands()[0].right],
      [LEFT + PLOT_WIDTH / 6, LEFT + (PLOT_WIDTH * 4) / 6],
    );
    // Right to left, and past the plot's end: clamped to the last step.
    drag(centerX(4), 799);
    expect(onRangesChange).toHaveBeenLastCalledWith({ selection: stepRange(4, 5) }, 'selection');
    drag(centerX(2), centerX(2));
    expect(onRangesChange).toHaveBeenLastCalledWith({ selection: stepRange(2, 2) }, 'selection');
    fireEvent.click(screen.getByRole('button', { name: 'Clear Selection' }));
    expect(onRangesChange).toHaveBeenLastCalledWith({ selection: undefined }, 'selection');
    expect(bands()).toEqual([]);
  });

  it('brushes with Shift and the arrow keys, announces the cursor, clears with Escape', () => {
    const onRangesChange = vi.fn();
    render(<Timeline totals={totalsOf()} onRangesChange={onRangesChange} timeZone="utc" />);
    chart().focus();
    fireEvent.keyDown(chart(), { key: 'ArrowRight' }); // the cursor appears on step 0
    fireEvent.keyDown(chart(), { key: 'ArrowRight' }); // step 1
    expect(announcer().textContent).toBe('2024-01-01 00:00:10 UTC: api 2 s, (none) 500 ms');
    expect(readout()!.textContent).toContain('00:00:10');
    fireEvent.keyDown(chart(), { key: 'ArrowRight', shiftKey: true });
    fireEvent.keyDown(chart(), { key: 'ArrowRight', shiftKey: true });
    expect(onRangesChange).toHaveBeenLastCalledWith({ selection: stepRange(1, 3) }, 'selection');
    expect(announcer().textContent).toBe(
      '2024-01-01 00:00:30 UTC: api 4 s, (none) no data. Selection: ' +
        '2024-01-01 00:00:10 UTC – 00:00:40 UTC',
    );
    // Still holding Shift, back past the anchor (step 1): steps 0..1.
    fireEvent.keyDown(chart(), { key: 'ArrowLeft', shiftKey: true });
    fireEvent.keyDown(chart(), { key: 'ArrowLeft', shiftKey: true });
    fireEvent.keyDown(chart(), { key: 'ArrowLeft', shiftKey: true });
    expect(onRangesChange).toHaveBeenLastCalledWith({ selection: stepRange(0, 1) }, 'selection');
    // Releasing Shift starts afresh from the cursor (step 0); Shift+End reaches the last step.
    fireEvent.keyUp(chart(), { key: 'Shift' });
    fireEvent.keyDown(chart(), { key: 'End', shiftKey: true });
    expect(onRangesChange).toHaveBeenLastCalledWith({ selection: stepRange(0, 5) }, 'selection');
    fireEvent.keyDown(chart(), { key: 'Home' });
    expect(announcer().textContent).toMatch(/^2024-01-01 00:00:00 UTC: api 1 s/);
    fireEvent.keyDown(chart(), { key: 'Escape' });
    expect(onRangesChange).toHaveBeenLastCalledWith({ selection: undefined }, 'selection');
    expect(announcer().textContent).toMatch(/Selection: cleared$/);
    expect(onRangesChange).toHaveBeenCalledTimes(7);
  });

  it('draws controlled ranges as given, and its own ranges when uncontrolled', () => {
    const onRangesChange = vi.fn();
    const given = { selection: stepRange(0, 0) };
    const { unmount } = render(
      <Timeline totals={totalsOf()} ranges={given} onRangesChange={onRangesChange} />,
    );
    drag(centerX(2), centerX(4));
    expect(onRangesChange).toHaveBeenLastCalledWith({ selection: stepRange(2, 4) }, 'selection');
    // The host did not take the change: the band stays on step 0.
    expectPx(
      bands().flatMap((b) => [b.x, b.right]),
      [LEFT, LEFT + PLOT_WIDTH / 6],
    );
    unmount();

    render(<Timeline totals={totalsOf()} defaultRanges={given} />);
    expectPx(
      bands().flatMap((b) => [b.x, b.right]),
      [LEFT, LEFT + PLOT_WIDTH / 6],
    );
    drag(centerX(2), centerX(4));
    expectPx(
      bands().flatMap((b) => [b.x, b.right]),
      [LEFT + (PLOT_WIDTH * 2) / 6, LEFT + (PLOT_WIDTH * 5) / 6],
    );
  });

  it('switches the active brush with the segmented control; each brush keeps its range', () => {
    const onRangesChange = vi.fn();
    const brushes = [
      { id: 'baseline', label: 'Baseline' },
      { id: 'comparison', label: 'Comparison', color: '#d62728' },
    ];
    function Host() {
      const [ranges, setRanges] = useState<Record<string, TimeRange | undefined>>({});
      return (
        <Timeline
          totals={totalsOf()}
          brushes={brushes}
          ranges={ranges}
          onRangesChange={(next, changed) => (setRanges(next), onRangesChange(next, changed))}
        />
      );
    }
    render(<Host />);
    const baseline = screen.getByRole('button', { name: 'Baseline' });
    const comparison = screen.getByRole('button', { name: 'Comparison' });
    expect(baseline.getAttribute('aria-pressed')).toBe('true');
    expect(comparison.getAttribute('aria-pressed')).toBe('false');
    drag(centerX(0), centerX(1));
    fireEvent.click(comparison);
    expect(comparison.getAttribute('aria-pressed')).toBe('true');
    drag(centerX(3), centerX(5));
    expect(onRangesChange).toHaveBeenLastCalledWith(
      { baseline: stepRange(0, 1), comparison: stepRange(3, 5) },
      'comparison',
    );
    expect(bands().map((b) => b.label)).toEqual(['Baseline', 'Comparison']);
    chart().focus();
    fireEvent.keyDown(chart(), { key: 'Escape' });
    expect(onRangesChange).toHaveBeenLastCalledWith(
      { baseline: stepRange(0, 1), comparison: undefined },
      'comparison',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Clear Baseline' }));
    expect(onRangesChange).toHaveBeenLastCalledWith(
      { baseline: undefined, comparison: undefined },
      'baseline',
    );
  });

  it('leaves a controlled active brush to the host', () => {
    const onActiveBrushChange = vi.fn();
    const onRangesChange = vi.fn();
    const brushes = [
      { id: 'baseline', label: 'Baseline' },
      { id: 'comparison', label: 'Comparison' },
    ];
    render(
      <Timeline
        totals={totalsOf()}
        brushes={brushes}
        activeBrush="comparison"
        onActiveBrushChange={onActiveBrushChange}
        onRangesChange={onRangesChange}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Baseline' }));
    expect(onActiveBrushChange).toHaveBeenCalledWith('baseline');
    expect(screen.getByRole('button', { name: 'Comparison' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    drag(centerX(1), centerX(1));
    expect(onRangesChange).toHaveBeenLastCalledWith({ comparison: stepRange(1, 1) }, 'comparison');
  });

  it('shows group labels as text, not markup', () => {
    const groups = [
      { value: '<img src=x onerror=alert(1)>', values: Float64Array.of(1), total: 1 },
    ];
    render(<Timeline totals={totalsOf({ steps: 1, groups })} unit="bytes" />);
    expect(document.querySelector('[data-flamekit="timeline-legend"]')!.textContent).toBe(
      '<img src=x onerror=alert(1)> 1 B',
    );
    expect(document.querySelector('img')).toBeNull();
  });

  it('puts value ticks on round numbers of the unit shown, not at thirds of nanoseconds', () => {
    // 0 to 8.33 min: d3 on nanoseconds would tick at 1.67e11 steps, "1.67 min", "3.33 min".
    const values = Float64Array.from([1e11, 2e11, 5e11, 4e11, 3e11, 2.5e11]);
    render(
      <Timeline
        totals={totalsOf({ groups: [{ value: 'api', values, total: 1.75e12 }] })}
        timeZone="utc"
        height={200}
      />,
    );
    const labels = [...document.querySelectorAll('[data-flamekit="timeline-y-tick"] text')].map(
      (t) => t.textContent,
    );
    expect(labels.length).toBeGreaterThanOrEqual(3);
    for (const label of labels.slice(1)) expect(label).toMatch(/^\d+ min$/);
  });

  it('writes sub-second time ticks whole, and draws a dot at each of few points', () => {
    // Two heap snapshots 490 ms apart, in steps of 5 ms.
    const start = Date.UTC(2022, 10, 8, 13, 42, 52, 810) * 1e6;
    const values = new Float64Array(98).fill(NaN);
    values[0] = 3.83e10;
    values[97] = 3.84e10;
    render(
      <Timeline
        totals={totalsOf({
          startNs: start,
          stepNs: 5e6,
          steps: 98,
          sampleType: { type: 'alloc_space', unit: 'bytes' },
          groups: [{ value: undefined, values, total: 7.67e10 }],
        })}
        timeZone="utc"
      />,
    );
    const labels = [...document.querySelectorAll('[data-flamekit="timeline-x-tick"] text')].map(
      (t) => t.textContent!,
    );
    expect(labels.length).toBeGreaterThan(2);
    for (const label of labels) expect(label).toMatch(/^13:42:5\d\.\d{3}$/);
    const dots = [...document.querySelectorAll('[data-flamekit="timeline-point"]')];
    expect(dots.map((dot) => Number(dot.getAttribute('cx')))).toEqual([
      Math.round((LEFT + (0.5 / 98) * PLOT_WIDTH) * 100) / 100,
      Math.round((LEFT + (97.5 / 98) * PLOT_WIDTH) * 100) / 100,
    ]);
  });

  it('draws no dots on a line with many points', () => {
    const values = Float64Array.from({ length: 200 }, (_, k) => (k + 1) * 1e9);
    render(
      <Timeline
        totals={totalsOf({ steps: 200, groups: [{ value: 'api', values, total: 2e13 }] })}
      />,
    );
    expect(document.querySelectorAll('[data-flamekit="timeline-point"]')).toHaveLength(0);
  });

  it('writes ranges of whole-second steps without milliseconds', () => {
    render(
      <Timeline
        totals={totalsOf({ startNs: START + 500e6 })}
        timeZone="utc"
        defaultRanges={{ selection: { startNs: START + 500e6, endNs: START + 30_500e6 } }}
      />,
    );
    const brushes = document.querySelector('[data-flamekit="timeline-brushes"]')!.textContent!;
    expect(brushes).toContain('2024-01-01 00:00:01 UTC – 00:00:31 UTC');
    expect(brushes).not.toMatch(/\.\d{3}/);
  });

  it('colours the lines of the groups the host names, in its legend too', () => {
    render(<Timeline totals={totalsOf()} groupColors={{ api: '#1f77b4', '': '#d62728' }} />);
    const strokes = [...document.querySelectorAll('[data-flamekit="timeline-line"]')].map(
      (path) => (path as SVGElement).style.stroke,
    );
    expect(strokes).toEqual(['#1f77b4', '#d62728']);
    const swatches = [
      ...document.querySelectorAll('[data-flamekit="timeline-legend"] li > span[aria-hidden]'),
    ].map((swatch) => (swatch as HTMLElement).style.borderTop);
    expect(swatches[0]).toContain('#1f77b4');
    expect(swatches[1]).toContain('#d62728');
  });
});
