import { act, createRef } from 'react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { importProfile, treeFromFolded } from '../../src/core';
import { CallTree, ProfileExplorer, type CallTreeHandle } from '../../src/react';

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

  it('bottom-up, a function shows its own self and total; its callers, what passes through them', () => {
    render(<CallTree tree={treeFromFolded(folded)} unit="samples" defaultMode="bottom-up" />);
    const cells = (row: HTMLElement) =>
      within(row)
        .getAllByRole('gridcell')
        .map((cell) => cell.textContent!.replace(/[▾▸]/g, ''));
    // By hand: render's self is 15 (render 15), its total 40 (render;lex 25 + render 15).
    const render_ = rows().find((row) => label(row) === '1:render')!;
    expect(cells(render_)).toEqual(['40 samples 40.0 %', '15 samples', 'render']);
    const lex = rows().find((row) => label(row) === '1:lex')!;
    expect(cells(lex)).toEqual(['55 samples 55.0 %', '55 samples', 'lex']);
    // Under render, its one caller main: render's self (15) and total (40) through main.
    fireEvent.click(within(render_).getAllByRole('gridcell')[2].querySelector('span')!);
    const main = rows().find((row) => label(row) === '2:main')!;
    expect(cells(main)).toEqual(['40 samples 40.0 %', '15 samples', 'main']);
    expect(within(main).getAllByRole('gridcell')[1].getAttribute('title')).toBe(
      'Self of render through main',
    );
    expect(screen.getByRole('columnheader', { name: 'Self' }).getAttribute('title')).toMatch(
      /through that caller/,
    );
  });

  it('marks the functions the search matches, and steps to each, expanding the tree', () => {
    const handle = createRef<CallTreeHandle>();
    render(
      <CallTree
        ref={handle}
        tree={treeFromFolded(folded)}
        unit="samples"
        search={{ text: 'lex', mode: 'substring' }}
      />,
    );
    // lex is deep inside main: nothing shown matches yet.
    expect(rows().map(label)).toEqual(['1:main']);
    expect(document.querySelectorAll('[data-match] mark')).toHaveLength(0);
    act(() => handle.current!.step(1));
    // The first lex (under parse) is expanded to, selected and marked.
    expect(rows().map(label)).toEqual(['1:main', '2:parse', '3:lex', '2:render', '2:idle']);
    const selected = rows().find((row) => row.getAttribute('aria-selected') === 'true')!;
    expect(label(selected)).toBe('3:lex');
    expect(selected.querySelector('mark')!.textContent).toBe('lex');
    act(() => handle.current!.step(1));
    expect(rows().map(label)).toEqual([
      '1:main',
      '2:parse',
      '3:lex',
      '2:render',
      '3:lex',
      '2:idle',
    ]);
    expect(rows()[4].getAttribute('aria-selected')).toBe('true');
    expect(document.querySelectorAll('[data-match] mark')).toHaveLength(2);
    // Wraps around, and goes back.
    act(() => handle.current!.step(1));
    expect(rows()[2].getAttribute('aria-selected')).toBe('true');
    act(() => handle.current!.step(-1));
    expect(rows()[4].getAttribute('aria-selected')).toBe('true');
  });

  it("in the explorer, the toolbar's next match expands the call tree to the match", () => {
    render(
      <ProfileExplorer
        profile={importProfile(folded)}
        defaultState={{ view: 'call-tree', search: { text: 'lex', mode: 'substring' } }}
      />,
    );
    expect(rows().map(label)).toEqual(['1:main']);
    fireEvent.click(screen.getByRole('button', { name: 'Next match' }));
    const selected = rows().find((row) => row.getAttribute('aria-selected') === 'true')!;
    expect(label(selected)).toBe('3:lex');
    expect(selected.querySelector('mark')).not.toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Next match' }));
    expect(label(rows().find((row) => row.getAttribute('aria-selected') === 'true')!)).toBe(
      '3:lex',
    );
    expect(rows().map(label)).toContain('2:render');
    expect(rows().findIndex((row) => row.getAttribute('aria-selected') === 'true')).toBe(4);
  });
});
