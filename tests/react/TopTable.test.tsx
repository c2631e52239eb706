import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ProfileBuilder, treeFromFolded } from '../../src/core';
import { TopTable } from '../../src/react';

const folded = 'main;parse;lex 30\nmain;parse 10\nmain;render;lex 25\nmain;render 15\nmain;idle 20';
// By hand: self: lex 55, idle 20, render 15, parse 10, main 0; total: main 100, lex 55, parse 40, render 40, idle 20.

function bodyRows() {
  return screen.getAllByRole('row').slice(1); // after the header row
}
function nameOf(row: HTMLElement) {
  const column = screen
    .getAllByRole('columnheader')
    .findIndex((header) => header.textContent?.startsWith('Function'));
  return within(row).getAllByRole('gridcell')[column].textContent;
}

describe('<TopTable>', () => {
  it('lists functions by self, then sorts by the clicked column', () => {
    render(<TopTable tree={treeFromFolded(folded)} unit="samples" />);
    expect(bodyRows().map(nameOf)).toEqual(['lex', 'idle', 'render', 'parse', 'main']);
    fireEvent.click(screen.getByRole('button', { name: 'Total' }));
    expect(bodyRows().map(nameOf)).toEqual(['main', 'lex', 'parse', 'render', 'idle']);
    expect(screen.getByRole('columnheader', { name: /Total/ }).getAttribute('aria-sort')).toBe(
      'descending',
    );
    fireEvent.click(screen.getByRole('button', { name: /Total/ }));
    expect(bodyRows().map(nameOf)).toEqual(['idle', 'parse', 'render', 'lex', 'main']);
    const lex = bodyRows().find((row) => nameOf(row) === 'lex')!;
    expect(lex.textContent).toContain('55 samples');
    expect(lex.textContent).toContain('55.0 %');
  });

  it('moves the active row with the keyboard and runs row actions', () => {
    const onOpenSandwich = vi.fn();
    const onSelectedFunctionChange = vi.fn();
    render(
      <TopTable
        tree={treeFromFolded(folded)}
        onOpenSandwich={onOpenSandwich}
        onSelectedFunctionChange={onSelectedFunctionChange}
      />,
    );
    const grid = screen.getByRole('grid');
    grid.focus();
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    const active = document.getElementById(grid.getAttribute('aria-activedescendant')!)!;
    expect(nameOf(active)).toBe('render');
    fireEvent.keyDown(grid, { key: 's' });
    expect(onOpenSandwich).toHaveBeenCalledWith('render');
    fireEvent.keyDown(grid, { key: 'Enter' });
    expect(onSelectedFunctionChange).toHaveBeenCalledWith('render');
    fireEvent.keyDown(grid, { key: 'End' });
    expect(nameOf(document.getElementById(grid.getAttribute('aria-activedescendant')!)!)).toBe(
      'main',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Actions for lex' }));
    fireEvent.click(screen.getByRole('menuitem', { name: 'Open in sandwich view (s)' }));
    expect(onOpenSandwich).toHaveBeenLastCalledWith('lex');
  });

  it('has no actions column when the host passes no actions', () => {
    const { unmount } = render(<TopTable tree={treeFromFolded(folded)} unit="samples" />);
    // Three columns, three cells a row: nothing over empty cells.
    expect(screen.getAllByRole('columnheader').map((cell) => cell.textContent)).toEqual([
      'Self ▼',
      'Total',
      'Function',
    ]);
    expect(screen.getByRole('grid').getAttribute('aria-colcount')).toBe('3');
    for (const row of bodyRows()) expect(within(row).getAllByRole('gridcell')).toHaveLength(3);
    expect(screen.queryByRole('button', { name: /^Actions for/ })).toBeNull();
    unmount();
    // With one action: a column of "⋯" buttons whose menu offers that action only.
    const onZoomToFunction = vi.fn();
    render(
      <TopTable tree={treeFromFolded(folded)} unit="samples" onZoomToFunction={onZoomToFunction} />,
    );
    expect(screen.getByRole('grid').getAttribute('aria-colcount')).toBe('4');
    fireEvent.click(screen.getByRole('button', { name: 'Actions for idle' }));
    const items = screen.getAllByRole('menuitem').map((item) => item.textContent);
    expect(items).toEqual(['Zoom the graph to it (z)']);
    fireEvent.click(screen.getByRole('menuitem', { name: 'Zoom the graph to it (z)' }));
    expect(onZoomToFunction).toHaveBeenCalledWith('idle');
    expect(screen.queryByRole('menu')).toBeNull();
  });

  it('filters by the search', () => {
    render(<TopTable tree={treeFromFolded(folded)} search={{ text: 'r', mode: 'substring' }} />);
    expect(bodyRows().map(nameOf).sort()).toEqual(['parse', 'render']);
  });

  it('renders only the rows in view of a 100,000-function table', () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => `main;f${i} ${1 + (i % 7)}`).join('\n');
    render(<TopTable tree={treeFromFolded(lines)} height={260} />);
    const grid = screen.getByRole('grid');
    expect(grid.getAttribute('aria-rowcount')).toBe(String(100_001 + 1));
    expect(bodyRows().length).toBeGreaterThan(5); // the rows in view and a few more
    expect(bodyRows().length).toBeLessThan(40);
  });

  it('shows baseline, comparison and deltas for a tree that compares two profiles', () => {
    render(
      <TopTable tree={treeFromFolded('main;a 10 15\nmain;b 10 5\nmain;c 0 4')} unit="samples" />,
    );
    const header = screen.getAllByRole('columnheader').map((cell) => cell.textContent);
    // Sorted by delta, largest increase first: regressions at the top.
    expect(header.slice(0, 4)).toEqual(['Baseline', 'Comparison', 'Delta ▼', 'Delta %']);
    expect(nameOf(bodyRows()[0])).toBe('a');
    expect(nameOf(bodyRows().at(-1)!)).toBe('b');
    const c = bodyRows().find((row) => nameOf(row) === 'c')!;
    expect(c.textContent).toContain('new');
    const a = bodyRows().find((row) => nameOf(row) === 'a')!;
    expect(a.textContent).toContain('+5 samples');
    expect(a.textContent).toContain('+50.0 %');
  });

  it('formats values in the unit of the sample type shown, not of the default one', () => {
    const builder = new ProfileBuilder('pprof', [
      { type: 'samples', unit: 'count' },
      { type: 'cpu', unit: 'nanoseconds' },
    ]);
    const main = builder.frames.internName('main');
    builder.addStackSample([main], 1, [3, 30_000_000]);
    const profile = builder.finish();
    render(<TopTable profile={profile} sampleType="samples" />);
    const row = bodyRows()[0];
    expect(row.textContent).toContain('3');
    expect(row.textContent).not.toMatch(/ns|µs|ms/);
  });
});
