import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import {
  colorToCss,
  computeDiff,
  createDiffColorScale,
  findNodeByPath,
  importProfile,
  treeFromFolded,
} from '../../src/core';
import { DiffFlameGraph } from '../../src/react';
import { readFixture } from '../helpers/fixtures';
import { recordingOf } from './setup';

// 800 × 200 CSS px (happy-dom's fallback size), 18 px rows, the root row at the bottom.
const rowY = (depth: number) => 200 - 18 * depth - 9;
const flush = () =>
  act(() => {
    vi.advanceTimersByTime(50);
  });

const before = treeFromFolded('main;a 4\nmain;gone 2');
const after = treeFromFolded('main;a 5\nmain;fresh 3');
// With both sides' widths the root weighs 6 + 8 = 14: a 0..9, fresh 9..12, gone 12..14 of main.
const x = (value: number) => (value / 14) * 800;

describe('<DiffFlameGraph>', () => {
  it('shows both sides and the change in the tooltip', () => {
    vi.useFakeTimers();
    render(<DiffFlameGraph baseline={before} comparison={after} unit="samples" height={200} />);
    const canvas = document.querySelector('canvas')!;
    fireEvent.pointerMove(canvas, { clientX: x(4), clientY: rowY(2) });
    const tooltip = screen.getByRole('tooltip');
    const table = tooltip.querySelector('[data-flamekit="diff-tooltip"]')!;
    const cells = [...table.querySelectorAll('tbody td')].map((cell) => cell.textContent);
    // a: 4 of 6 before, 5 of 8 after: +1 (+25 %), share 66.7 % -> 62.5 %.
    expect(cells.slice(0, 3)).toEqual(['4 samples', '5 samples', '+1 sample (+25.0 %)']);
    expect(cells.slice(3)).toEqual(['66.7 %', '62.5 %', '−4.17 %']);
    fireEvent.pointerMove(canvas, { clientX: x(13), clientY: rowY(2) });
    expect(screen.getByRole('tooltip').textContent).toContain('Removed: only in the baseline');
    vi.useRealTimers();
  });

  it('colours boxes by the diff scale and hatches new and removed frames', () => {
    vi.useFakeTimers();
    render(<DiffFlameGraph baseline={before} comparison={after} height={200} />);
    flush();
    const context = recordingOf(document.querySelector('canvas')!);
    const diff = computeDiff(before, after);
    const scale = createDiffColorScale(diff, { mode: 'relative' });
    const box = (value: number, depth: number) =>
      context
        .boxes()
        .find(
          (b) => b.y === 200 - 18 * (depth + 1) && b.x <= x(value) && x(value) < b.x + b.width,
        )!;
    const fresh = findNodeByPath(diff, ['main', 'fresh']);
    const gone = findNodeByPath(diff, ['main', 'gone']);
    expect(box(10, 2).fillStyle).toBe(colorToCss(scale.colorOf(fresh)));
    expect(box(13, 2).fillStyle).toBe(colorToCss(scale.colorOf(gone)));
    // Hatching: every segment lies inside the new or the removed box, and both are hatched.
    const inside = (
      segment: number[],
      b: { x: number; y: number; width: number; height: number },
    ) =>
      [segment[0], segment[2]].every((sx) => sx >= b.x && sx <= b.x + b.width) &&
      [segment[1], segment[3]].every((sy) => sy >= b.y && sy <= b.y + b.height);
    const segments = context.strokes.flatMap((stroke) => stroke.segments);
    expect(segments.length).toBeGreaterThan(4);
    for (const segment of segments)
      expect(inside(segment, box(10, 2)) || inside(segment, box(13, 2))).toBe(true);
    expect(segments.some((s) => inside(s, box(10, 2)))).toBe(true);
    expect(segments.some((s) => inside(s, box(13, 2)))).toBe(true);
    expect(context.strokes.some((stroke) => stroke.dashed)).toBe(true); // the removed box's border
    vi.useRealTimers();
  });

  it('switches colour mode, palette and widths, and the legend says so in words', () => {
    vi.useFakeTimers();
    render(<DiffFlameGraph baseline={before} comparison={after} unit="samples" height={200} />);
    const legend = () => document.querySelector('[data-flamekit="diff-legend"]')!.textContent!;
    expect(legend()).toContain('Red: grew');
    expect(legend()).toContain('change of each frame’s share');
    expect(legend()).toContain('+100 %');
    fireEvent.change(screen.getByLabelText('Palette'), { target: { value: 'colorblind' } });
    expect(legend()).toContain('Blue: shrank');
    fireEvent.change(screen.getByLabelText('Colour by'), { target: { value: 'absolute' } });
    // The largest change of a total is 3 (fresh) and 2 (gone) and 1 (a) and 2 (main): 3 samples.
    expect(legend()).toContain('+3 samples');
    fireEvent.change(screen.getByLabelText('Widths'), { target: { value: 'comparison' } });
    expect(legend()).toContain('removed frames have no width');
    flush();
    // Comparison widths: main weighs 8 (a 5, fresh 3); gone has no box at all.
    const context = recordingOf(document.querySelector('canvas')!);
    const row = context.boxes().filter((b) => b.y === 200 - 18 * 3);
    expect(row.map((b) => [b.x, b.x + b.width + 1])).toEqual([
      [0, 500],
      [500, 800],
    ]);
    vi.useRealTimers();
  });

  it('announces the selected frame with both sides in words', () => {
    render(<DiffFlameGraph baseline={before} comparison={after} unit="samples" height={200} />);
    const graph = screen.getByRole('application', { name: 'Diff flame graph' });
    graph.focus();
    fireEvent.keyDown(graph, { key: 'ArrowUp' }); // main
    fireEvent.keyDown(graph, { key: 'ArrowUp' }); // its heaviest child, a
    const announcer = document.querySelector('[data-flamekit="announcer"]')!;
    expect(announcer.textContent).toMatch(
      /^a: 5 samples, up 1 sample \(\+25\.0 %\) from 4 samples/,
    );
    fireEvent.keyDown(graph, { key: 'ArrowRight' });
    expect(announcer.textContent).toMatch(/^fresh: new, 3 samples/);
  });

  it('reads a comparison profile (Pyroscope’s flamebearer diff) as it is', () => {
    const profile = importProfile(
      readFixture('flamebearer/diff/pyroscope-io-simple-golang-app-cpu-diff.json'),
    );
    render(<DiffFlameGraph profile={profile} height={200} />);
    expect(document.querySelector('[data-flamekit="diff-legend"]')).not.toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows an error, not a crash, for one-sided input and mismatched sample types', () => {
    render(<DiffFlameGraph tree={before} height={200} />);
    expect(screen.getByRole('alert').textContent).toContain('one side only');
    const heap = importProfile(readFixture('pprof/go/diff/ddtrace-heap.before.pprof'));
    const block = importProfile(readFixture('pprof/go/diff/ddtrace-block.before.pprof'));
    render(<DiffFlameGraph baseline={heap} comparison={block} height={200} />);
    expect(screen.getAllByRole('alert')[1].textContent).toContain('no sample type');
  });
});
