import { act, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import {
  FrameTable,
  StackTable,
  TimeOrderBuilder,
  importProfile,
  type TimeOrder,
} from '../../src/core';
import { FlameChart, type ChartRange } from '../../src/react';
import { readFixture } from '../helpers/fixtures';

// happy-dom has no layout: the chart is 800 px wide (the fallback) for 1000 ns, 0.8 px a ns.
// Under the 22 px axis, lane "main" (header 22–42, rows 42–60 and 60–78), then lane "worker".
function order(name = 'parse'): TimeOrder {
  const stacks = new StackTable(new FrameTable());
  const builder = new TimeOrderBuilder(stacks.frames, stacks);
  const lane = (laneName: string, samples: [string, number, number][]) =>
    builder.addSamples(
      { name: laneName },
      stacks,
      samples.map(([path]) =>
        stacks.intern(path.split(';').map((n) => stacks.frames.internName(n))),
      ),
      samples.map(([, start]) => start),
      samples.map(([, start, end]) => end - start),
    );
  lane('main', [
    [`main;${name}`, 0, 500],
    ['main;render', 500, 1000],
  ]);
  lane('worker', [['worker', 0, 1000]]);
  return builder.finish()!;
}

function flush() {
  act(() => {
    vi.advanceTimersByTime(50);
  });
}

describe('<FlameChart>', () => {
  it('tells a box in a tooltip, names from the profile as text', () => {
    vi.useFakeTimers();
    render(<FlameChart timeOrder={order('<img src=x onerror=alert(1)>')} height={300} />);
    flush();
    const canvas = document.querySelector('[data-flamekit=chart-scroller] canvas')!;
    fireEvent.pointerMove(canvas, { clientX: 200, clientY: 69 });
    const tooltip = screen.getByRole('tooltip');
    expect(tooltip.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(tooltip.querySelector('img')).toBeNull();
    expect(tooltip.textContent).toMatch(/Start0 nsDuration500 nsSelf500 ns/);
    vi.useRealTimers();
  });

  it('follows a host that controls the view, the selection and the collapsed lanes', () => {
    vi.useFakeTimers();
    const seen: { selection: (ChartRange | null)[]; collapsed: (readonly number[])[] } = {
      selection: [],
      collapsed: [],
    };
    function Host() {
      const [selection, setSelection] = useState<ChartRange | null>(null);
      const [collapsed, setCollapsed] = useState<readonly number[]>([]);
      return (
        <FlameChart
          timeOrder={order()}
          height={300}
          selection={selection}
          onSelectionChange={(next) => (seen.selection.push(next), setSelection(next))}
          collapsedLanes={collapsed}
          onCollapsedLanesChange={(next) => (seen.collapsed.push(next), setCollapsed(next))}
        />
      );
    }
    render(<Host />);
    flush();
    const canvas = document.querySelector('[data-flamekit=chart-scroller] canvas')!;
    // A drag across the time axis, 100 to 300 px: 125 to 375 ns.
    fireEvent.pointerDown(canvas, { clientX: 100, clientY: 10, button: 0, buttons: 1 });
    fireEvent.pointerMove(canvas, { clientX: 200, clientY: 10, buttons: 1 });
    fireEvent.pointerUp(canvas, { clientX: 300, clientY: 10 });
    expect(seen.selection).toEqual([{ start: 125, end: 375 }]);
    expect(screen.getByRole('region', { name: 'Selected range' }).textContent).toContain(
      'Selection 125 ns – 375 ns (250 ns)',
    );
    fireEvent.click(screen.getByRole('button', { name: /^worker/ }));
    expect(seen.collapsed).toEqual([[1]]);
    expect(screen.getByRole('button', { name: /^worker/ }).getAttribute('aria-expanded')).toBe(
      'false',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Clear selection' }));
    expect(seen.selection.at(-1)).toBeNull();
    expect(screen.queryByRole('region', { name: 'Selected range' })).toBeNull();
    vi.useRealTimers();
  });

  it('starts afresh on a new recording: nothing selected, the whole of it shown', () => {
    vi.useFakeTimers();
    const { rerender } = render(<FlameChart timeOrder={order()} height={300} />);
    flush();
    const chart = screen.getByRole('application', { name: 'Flame chart' });
    fireEvent.keyDown(chart, { key: 'ArrowDown' });
    fireEvent.keyDown(chart, { key: 'ArrowDown' });
    const announcer = document.querySelector('[data-flamekit=announcer]')!;
    expect(announcer.textContent).toMatch(/^parse, 500 ns from 0 ns/);
    fireEvent.keyDown(chart, { key: '+' });
    expect(screen.getByText(/of 1 µs shown/).textContent).toBe('800 ns of 1 µs shown');
    const other = importProfile(
      readFixture('chrome-cpuprofile/speedscope-chrome65-simple.cpuprofile'),
    );
    rerender(<FlameChart profile={other} height={300} />);
    flush();
    expect(announcer.textContent).toBe('');
    expect(screen.getByText(/shown$/).textContent).toMatch(/^(.+) of \1 shown$/);
    vi.useRealTimers();
  });

  it('names each lane with its count, one sample or call in the singular', () => {
    render(<FlameChart timeOrder={order()} height={300} />);
    const headers = [...document.querySelectorAll('[data-flamekit=lane-header]')];
    expect(headers.map((header) => header.textContent)).toEqual([
      '▾main2 samples',
      '▾worker1 sample',
    ]);
  });

  it('is as tall as its lanes unless the host sets a height, and no taller than maxHeight', () => {
    // The 22 px axis, lane "main" (a 20 px header, two 18 px rows), a 6 px gap, lane "worker"
    // (header and one row); collapsed, "worker" keeps its header only.
    const scroller = () =>
      document.querySelector<HTMLElement>('[data-flamekit=chart-scroller]')!.style.height;
    const { rerender } = render(<FlameChart timeOrder={order()} />);
    expect(scroller()).toBe(`${22 + 20 + 2 * 18 + 6 + 20 + 18}px`);
    fireEvent.click(document.querySelectorAll('[data-flamekit=lane-header]')[1]);
    expect(scroller()).toBe(`${22 + 20 + 2 * 18 + 6 + 20}px`);
    rerender(<FlameChart timeOrder={order()} maxHeight={100} />);
    expect(scroller()).toBe('100px');
    rerender(<FlameChart timeOrder={order()} height={300} />);
    expect(scroller()).toBe('300px');
  });

  it('says so for a profile without a time order', () => {
    const profile = importProfile('main;work 3\n');
    render(<FlameChart profile={profile} />);
    expect(screen.getByText(/no time order/)).toBeTruthy();
  });
});
