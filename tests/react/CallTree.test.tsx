import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { treeFromFolded } from '../../src/core';
import { CallTree } from '../../src/react';

const folded = 'main;parse;lex 30\nmain;parse 10\nmain;render;lex 25\nmain;render 15\nmain;idle 20';

const rows = () => screen.getAllByRole('row').slice(1);
const label = (row: HTMLElement) =>
  `${row.getAttribute('aria-level')}:${within(row).getAllByRole('gridcell')[2].textContent!.replace(/[▾▸]/g, '')}`;

describe('<CallTree>', () => {
  it('expands top-down with the keyboard, heaviest first', () => {
    render(<CallTree tree={treeFromFolded(folded)} unit="samples" />);
    const grid = screen.getByRole('treegrid');
    expect(rows().map(label)).toEqual(['1:main']);
    grid.focus();
    fireEvent.keyDown(grid, { key: 'ArrowRight' }); // expand main
    expect(rows().map(label)).toEqual(['1:main', '2:parse', '2:render', '2:idle']);
    fireEvent.keyDown(grid, { key: 'ArrowRight' }); // into parse
    fireEvent.keyDown(grid, { key: 'ArrowRight' }); // expand parse
    expect(rows().map(label)).toEqual(['1:main', '2:parse', '3:lex', '2:render', '2:idle']);
    expect(rows()[1].getAttribute('aria-expanded')).toBe('true');
    fireEvent.keyDown(grid, { key: 'ArrowLeft' }); // collapse parse
    expect(rows().map(label)).toEqual(['1:main', '2:parse', '2:render', '2:idle']);
    fireEvent.keyDown(grid, { key: 'ArrowLeft' }); // up to main
    const active = document.getElementById(grid.getAttribute('aria-activedescendant')!)!;
    expect(label(active)).toBe('1:main');
    expect(active.textContent).toContain('100 samples');
  });

  it('expands the path to a selection given from outside', () => {
    render(<CallTree tree={treeFromFolded(folded)} selectedPath={['main', 'render', 'lex']} />);
    expect(rows().map(label)).toEqual(['1:main', '2:parse', '2:render', '3:lex', '2:idle']);
    expect(rows()[3].getAttribute('aria-selected')).toBe('true');
  });

  it('shows the bottom-up tree: functions by self, expanding into their callers', () => {
    const onSelectedPathChange = vi.fn();
    render(
      <CallTree
        tree={treeFromFolded(folded)}
        unit="samples"
        defaultMode="bottom-up"
        onSelectedPathChange={onSelectedPathChange}
      />,
    );
    // Self: lex 55, idle 20, render 15, parse 10.
    expect(rows().map(label)).toEqual(['1:lex', '1:idle', '1:render', '1:parse']);
    const grid = screen.getByRole('treegrid');
    grid.focus();
    fireEvent.keyDown(grid, { key: 'ArrowRight' });
    // lex's callers: parse 30, render 25.
    expect(rows().map(label).slice(0, 3)).toEqual(['1:lex', '2:parse', '2:render']);
    expect(rows()[1].textContent).toContain('30 samples');
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'Enter' });
    expect(onSelectedPathChange).toHaveBeenCalledWith(['lex', 'parse']);
  });
});
