import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { computeSandwich, printTree, treeFromFolded } from '../../src/core';
import { SandwichView } from '../../src/react';

const folded = 'main;parse;lex 30\nmain;parse 10\nmain;render;lex 25\nmain;render 15\nmain;idle 20';

describe('<SandwichView>', () => {
  it('picks the heaviest function first and shows its callers and callees', () => {
    const tree = treeFromFolded(folded);
    render(<SandwichView tree={tree} unit="samples" />);
    // The picker starts at the heaviest function by total: main (100).
    expect((screen.getByLabelText('Function') as HTMLInputElement).value).toBe('main');
    expect(screen.getByRole('application', { name: 'Callers of main' })).toBeTruthy();
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
        .some((status) => status.textContent === 'total 55 samples (55.0 %) · self 55 samples'),
    ).toBe(true);
    expect(screen.getByRole('application', { name: 'Callers of lex' })).toBeTruthy();
    // The graphs show computeSandwich's trees: callers lead from lex up to parse and render.
    const { callers } = computeSandwich(tree, 'lex');
    expect(printTree(callers).split('\n')[0]).toMatch(/^- lex \(total 55,/);
    fireEvent.change(picker, { target: { value: 'nowhere' } });
    expect(
      screen.getAllByRole('status').some((status) => status.textContent === 'Not in this profile'),
    ).toBe(true);
  });
});
