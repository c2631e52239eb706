import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import {
  computeSearch,
  findNodeByPath,
  importProfile,
  treeFromFolded,
  type NodePath,
} from '../../src/core';
import { FlameGraph } from '../../src/react';
import { readFixture } from '../helpers/fixtures';
import { recordingOf } from './setup';

// The graph area is 800 × 200 CSS px (happy-dom has no layout, so the fallback size is used),
// rows are 18 px and the root row is at the bottom: row d spans y = 200 - 18 (d + 1) .. 200 - 18 d.
const rowY = (depth: number) => 200 - 18 * depth - 9;

function flush() {
  // Renderer draws are scheduled on animation frames; run them.
  act(() => {
    vi.advanceTimersByTime(50);
  });
}

const folded =
  'main;parse;lex 30\nmain;parse 10\nmain;render 40\nmain;<img src=x onerror=alert(1)> 20';

describe('<FlameGraph>', () => {
  it('shows a tooltip with the frame, its values and shares on hover', () => {
    vi.useFakeTimers();
    const tree = treeFromFolded(folded);
    render(<FlameGraph tree={tree} unit="samples" height={200} />);
    const canvas = document.querySelector('canvas')!;
    fireEvent.pointerMove(canvas, { clientX: 100, clientY: rowY(2) });
    const tooltip = screen.getByRole('tooltip');
    // x = 100 of 800 is value 12.5 of 100: main (0..100) > <img…> (0..20, sorted first by code unit).
    expect(tooltip.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(tooltip.querySelector('img')).toBeNull();
    expect(tooltip.textContent).toContain('20 samples');
    expect(tooltip.textContent).toContain('20.0 % of profile');
    fireEvent.pointerMove(canvas, { clientX: 700, clientY: rowY(1) });
    expect(screen.getByRole('tooltip').textContent).toContain('main');
    expect(screen.getByRole('tooltip').textContent).toContain('100 samples');
    fireEvent.pointerLeave(canvas);
    expect(screen.queryByRole('tooltip')).toBeNull();
    vi.useRealTimers();
  });

  it('zooms to a clicked box, and resets on double-click', () => {
    vi.useFakeTimers();
    const tree = treeFromFolded(folded);
    const onZoomPathChange = vi.fn();
    render(<FlameGraph tree={tree} height={200} onZoomPathChange={onZoomPathChange} />);
    const canvas = document.querySelector('canvas')!;
    // parse spans values 20..60 of 100: x 160..480.
    fireEvent.pointerDown(canvas, { clientX: 300, clientY: rowY(2), button: 0, buttons: 1 });
    fireEvent.pointerUp(canvas, { clientX: 300, clientY: rowY(2), button: 0 });
    expect(onZoomPathChange).toHaveBeenLastCalledWith(['main', 'parse']);
    flush();
    // Zoomed: parse fills the width.
    const parse = findNodeByPath(tree, ['main', 'parse']);
    const context = recordingOf(canvas);
    const parseRow = context.boxes().filter((box) => box.y === 200 - 18 * 3);
    expect(parseRow.some((box) => box.x === 0 && box.width === 799)).toBe(true);
    expect(parse).toBeGreaterThan(0);
    fireEvent.doubleClick(canvas);
    expect(onZoomPathChange).toHaveBeenLastCalledWith([]);
    vi.useRealTimers();
  });

  it('draws a controlled zoom path and reports changes without taking them', () => {
    vi.useFakeTimers();
    const tree = treeFromFolded(folded);
    const onZoomPathChange = vi.fn();
    const zoomPath: NodePath = ['main', 'render'];
    render(
      <FlameGraph
        tree={tree}
        height={200}
        zoomPath={zoomPath}
        onZoomPathChange={onZoomPathChange}
      />,
    );
    flush();
    const context = recordingOf(document.querySelector('canvas')!);
    expect(
      context.boxes().some((box) => box.y === 200 - 18 * 3 && box.x === 0 && box.width === 799),
    ).toBe(true);
    expect(context.texts().some((text) => text.text === 'render')).toBe(true);
    vi.useRealTimers();
  });

  it('moves with the keyboard and announces the selected frame', () => {
    const tree = treeFromFolded(folded);
    const onSelectedPathChange = vi.fn();
    const onZoomPathChange = vi.fn();
    render(
      <FlameGraph
        tree={tree}
        unit="samples"
        height={200}
        onSelectedPathChange={onSelectedPathChange}
        onZoomPathChange={onZoomPathChange}
      />,
    );
    const graph = screen.getByRole('application', { name: 'Flame graph' });
    graph.focus();
    fireEvent.keyDown(graph, { key: 'ArrowUp' }); // root -> main
    fireEvent.keyDown(graph, { key: 'ArrowUp' }); // main -> heaviest child: parse (40) vs render (40) vs <img> (20): the first heaviest
    expect(onSelectedPathChange).toHaveBeenLastCalledWith(['main', 'parse']);
    fireEvent.keyDown(graph, { key: 'ArrowRight' });
    expect(onSelectedPathChange).toHaveBeenLastCalledWith(['main', 'render']);
    const announcer = document.querySelector('[data-flamekit="announcer"]')!;
    expect(announcer.getAttribute('aria-live')).toBe('polite');
    expect(announcer.textContent).toBe(
      'render: total 40 samples, 40.0 % of the profile; self 40 samples',
    );
    fireEvent.keyDown(graph, { key: 'Enter' });
    expect(onZoomPathChange).toHaveBeenLastCalledWith(['main', 'render']);
    fireEvent.keyDown(graph, { key: 'Escape' });
    expect(onZoomPathChange).toHaveBeenLastCalledWith([]);
    fireEvent.keyDown(graph, { key: '/' });
    expect(document.activeElement).toBe(
      screen.getByRole('searchbox', { name: 'Search functions' }),
    );
  });

  it('counts search matches and their union share, and reports a bad regular expression', () => {
    const profile = importProfile(
      readFixture('collapsed/pyroscope-io-java-async-profiler-cpu.txt'),
    );
    const tree = profile.tree();
    render(<FlameGraph profile={profile} height={200} />);
    const input = screen.getByRole('searchbox', { name: 'Search functions' });
    fireEvent.change(input, { target: { value: 'java/util' } });
    const expected = computeSearch(tree, { text: 'java/util', mode: 'substring' });
    // Counted another way: the union of matching subtrees, a match under a match counted once.
    let union = 0;
    for (let node = 1; node < tree.nodeCount; node++) {
      if (!tree.name(node).toLowerCase().includes('java/util')) continue;
      let covered = false;
      for (let a = tree.parent[node]; a > 0; a = tree.parent[a])
        if (tree.name(a).toLowerCase().includes('java/util')) covered = true;
      if (!covered) union += tree.total[node];
    }
    expect(expected.matchedTotal).toBe(union);
    const status = document.querySelector('[data-flamekit="search-status"]')!;
    expect(status.textContent).toContain(`${expected.matchCount.toLocaleString('en-US')} matches`);
    fireEvent.change(screen.getByRole('combobox', { name: 'Search mode' }), {
      target: { value: 'regex' },
    });
    fireEvent.change(input, { target: { value: '(unclosed' } });
    expect(status.textContent).toMatch(/regular expression|Invalid|unterminated|missing/i);
  });

  it('opens a context menu whose actions transform the graph', () => {
    const tree = treeFromFolded(folded);
    const onTransformsChange = vi.fn();
    const onOpenSandwich = vi.fn();
    render(
      <FlameGraph
        tree={tree}
        height={200}
        onTransformsChange={onTransformsChange}
        onOpenSandwich={onOpenSandwich}
      />,
    );
    const canvas = document.querySelector('canvas')!;
    fireEvent.contextMenu(canvas, { clientX: 300, clientY: rowY(2) });
    const menu = screen.getByRole('menu');
    expect(menu.getAttribute('aria-label')).toBe('Actions for parse');
    fireEvent.click(screen.getByRole('menuitem', { name: /Merge function/ }));
    expect(onTransformsChange).toHaveBeenLastCalledWith([
      { kind: 'merge-function', name: 'parse' },
    ]);
    fireEvent.contextMenu(canvas, { clientX: 700, clientY: rowY(2) });
    fireEvent.click(screen.getByRole('menuitem', { name: 'Open in sandwich view' }));
    expect(onOpenSandwich).toHaveBeenCalledWith('render');
  });
});
