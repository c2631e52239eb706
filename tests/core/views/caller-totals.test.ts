import { describe, expect, it } from 'vitest';
import { computeCallerTotals, computeTopTable, treeFromFolded } from '../../../src/core';

describe('computeCallerTotals', () => {
  // main calls a and b; a calls b; b is also recursive under main.
  const tree = treeFromFolded('main;a;b 2\nmain;b;b 1\nmain;c 1\nmain;a 3');

  it("gives a function's total, each sample once, as the top table does", () => {
    const table = computeTopTable(tree);
    for (let row = 0; row < table.rowCount; row++)
      expect(computeCallerTotals(tree, [table.name[row]]).total, table.name[row]).toBe(
        table.total[row],
      );
  });

  it('splits it by caller: what passes through each caller, recursion counted once', () => {
    // b: 2 through a (main;a;b), 1 through main (main;b;b), 1 through b (the inner call).
    expect(computeCallerTotals(tree, ['b'])).toEqual({
      total: 3,
      callers: new Map([
        ['a', 2],
        ['main', 1],
        ['b', 1],
      ]),
    });
    // b called by a: 2; a is called by main only.
    expect(computeCallerTotals(tree, ['b', 'a'])).toEqual({
      total: 2,
      callers: new Map([['main', 2]]),
    });
    // Stacks that begin with the path have no caller to add.
    expect(computeCallerTotals(tree, ['main'])).toEqual({ total: 7, callers: new Map() });
  });

  it('gives nothing for a name or a path the tree does not have, and refuses no path', () => {
    expect(computeCallerTotals(tree, ['nowhere'])).toEqual({ total: 0, callers: new Map() });
    expect(computeCallerTotals(tree, ['c', 'a'])).toEqual({ total: 0, callers: new Map() });
    expect(() => computeCallerTotals(tree, [])).toThrow(/non-empty array of function names/);
  });
});
