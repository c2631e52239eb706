import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { computeSandwich, importProfile, printTree, treeFromFolded } from '../../src/core';
import { ProfileExplorer, SandwichView } from '../../src/react';

const folded = 'main;parse;lex 30\nmain;parse 10\nmain;render;lex 25\nmain;render 15\nmain;idle 20';

/** The parts of the sandwich in the order a reader meets them. */
function sandwichParts(root: ParentNode) {
  return [...root.querySelectorAll('[data-flamekit^="sandwich-"]')].map((element) =>
    element.getAttribute('data-flamekit'),
  );
}

describe('<SandwichView>', () => {
  it('picks the heaviest function first and shows its callers and callees', () => {
    const tree = treeFromFolded(folded);
    render(<SandwichView tree={tree} unit="samples" />);
    // The picker starts at the heaviest function by total: main (100), who has callees only.
    expect((screen.getByLabelText('Function') as HTMLInputElement).value).toBe('main');
    expect(screen.getByRole('application', { name: 'Callees of main' })).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Function'), { target: { value: 'parse' } });
    expect(screen.getByRole('application', { name: 'Callers of parse' })).toBeTruthy();
    expect(screen.getByRole('application', { name: 'Callees of parse' })).toBeTruthy();
  });

  it('is one view: one toolbar, labelled halves joined by the function', () => {
    const { container } = render(
      <SandwichView tree={treeFromFolded(folded)} unit="samples" defaultFunctionName="parse" />,
    );
    // One search for both halves and one Reset; the halves have no toolbars, no Export, no Back.
    expect(screen.getAllByRole('searchbox', { name: 'Search functions' })).toHaveLength(1);
    expect(screen.getAllByRole('button', { name: 'Reset' })).toHaveLength(1);
    expect(screen.queryByRole('button', { name: /Export/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Back' })).toBeNull();
    // Callers above, the function's row between, callees below, each half labelled in words.
    expect(sandwichParts(container)).toEqual([
      'sandwich-callers',
      'sandwich-function',
      'sandwich-callees',
    ]);
    const callers = container.querySelector('[data-flamekit="sandwich-callers"]')!;
    const callees = container.querySelector('[data-flamekit="sandwich-callees"]')!;
    expect(callers.textContent).toMatch(/^Callers/);
    expect(callees.textContent).toMatch(/^Callees/);
    // The function's row is the picker, with the function's numbers.
    const joint = container.querySelector('[data-flamekit="sandwich-function"]')!;
    expect(
      (within(joint as HTMLElement).getByLabelText('Function') as HTMLInputElement).value,
    ).toBe('parse');
    expect(joint.textContent).toContain(
      'total 40 samples (40.0 % of the profile) · self 10 samples',
    );
  });

  it('says so when the function has no callers or no callees', () => {
    const { container } = render(
      <SandwichView tree={treeFromFolded(folded)} unit="samples" defaultFunctionName="main" />,
    );
    expect(container.querySelector('[data-flamekit="sandwich-callers"]')!.textContent).toContain(
      'No callers: main is where its stacks begin.',
    );
    expect(screen.getByRole('application', { name: 'Callees of main' })).toBeTruthy();
  });

  it('follows the picker, and reports a function the profile does not have', () => {
    const onFunctionNameChange = vi.fn();
    const tree = treeFromFolded(folded);
    render(<SandwichView tree={tree} unit="samples" onFunctionNameChange={onFunctionNameChange} />);
    const picker = screen.getByLabelText('Function');
    fireEvent.change(picker, { target: { value: 'lex' } });
    expect(onFunctionNameChange).toHaveBeenLastCalledWith('lex');
    expect(
      screen
        .getAllByRole('status')
        .some(
          (status) =>
            status.textContent === 'total 55 samples (55.0 % of the profile) · self 55 samples',
        ),
    ).toBe(true);
    expect(screen.getByRole('application', { name: 'Callers of lex' })).toBeTruthy();
    // The graphs show computeSandwich's trees: callers lead from lex up to parse and render.
    const { callers } = computeSandwich(tree, 'lex');
    expect(printTree(callers).split('\n')[0]).toMatch(/^- lex \(total 55,/);
    fireEvent.change(picker, { target: { value: 'nowhere' } });
    expect(
      screen.getAllByRole('status').some((status) => status.textContent === 'Not in this profile'),
    ).toBe(true);
    expect(screen.queryByRole('application')).toBeNull();
  });

  it('inside the explorer has no toolbar of its own: the explorer’s search reaches it', () => {
    const { container } = render(
      <ProfileExplorer
        profile={importProfile(folded)}
        defaultState={{ view: 'sandwich', sandwich: 'lex' }}
      />,
    );
    expect(screen.getAllByRole('searchbox', { name: 'Search functions' })).toHaveLength(1);
    expect(screen.getAllByRole('button', { name: 'Export ▾' })).toHaveLength(1);
    expect(screen.getAllByRole('button', { name: 'Reset' })).toHaveLength(1);
    expect(screen.queryByRole('button', { name: 'Back' })).toBeNull();
    expect(sandwichParts(container)).toEqual([
      'sandwich-callers',
      'sandwich-function',
      'sandwich-callees',
    ]);
  });
});
