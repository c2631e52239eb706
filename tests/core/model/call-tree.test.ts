import { describe, expect, it } from 'vitest';
import { CallTree, FlamekitError, FrameTable, ROOT_FRAME, printTree } from '../../../src/core';
import { catchError } from '../../helpers/catch-error';

function columns(frames: FrameTable, rows: [name: string | null, parent: number, self: number][]) {
  return {
    frames,
    frame: Int32Array.from(rows, ([name]) =>
      name === null ? ROOT_FRAME : frames.internName(name),
    ),
    parent: Int32Array.from(rows, ([, parent]) => parent),
    self: Float64Array.from(rows, ([, , self]) => self),
  };
}

describe('CallTree.fromPreOrder', () => {
  it('derives depth, subtree ends and totals from parents and self', () => {
    const tree = CallTree.fromPreOrder(
      columns(new FrameTable(), [
        [null, -1, 0],
        ['a', 0, 1],
        ['b', 1, 2],
        ['c', 2, 3],
        ['d', 1, 4],
        ['e', 0, 5],
      ]),
    );
    expect(Array.from(tree.depth)).toEqual([0, 1, 2, 3, 2, 1]);
    expect(Array.from(tree.subtreeEnd)).toEqual([6, 5, 4, 4, 5, 6]);
    expect(Array.from(tree.total)).toEqual([15, 10, 5, 3, 4, 5]);
    expect(tree.maxDepth).toBe(3);
    expect(tree.name(0)).toBe('all');
    expect(printTree(tree, { includeRoot: true })).toBe(
      [
        '- all (total 15, self 0)',
        '  - a (total 10, self 1)',
        '    - b (total 5, self 2)',
        '      - c (total 3, self 3)',
        '    - d (total 4, self 4)',
        '  - e (total 5, self 5)',
      ].join('\n'),
    );
  });

  it('rejects parents that break pre-order', () => {
    const error = catchError(() =>
      CallTree.fromPreOrder(
        columns(new FrameTable(), [
          [null, -1, 0],
          ['a', 0, 1],
          ['b', 0, 1],
          ['c', 1, 1], // a's subtree already ended at b
        ]),
      ),
    );
    expect(error).toBeInstanceOf(FlamekitError);
    expect((error as FlamekitError).code).toBe('invalid-tree');
    expect((error as FlamekitError).message).toMatch(/node 3/);
  });

  it('rejects a missing root, bad frames, NaN and mismatched lengths', () => {
    const frames = new FrameTable();
    const noRoot = columns(frames, [['a', -1, 1]]);
    expect((catchError(() => CallTree.fromPreOrder(noRoot)) as FlamekitError).code).toBe(
      'invalid-tree',
    );
    const badFrame = columns(frames, [
      [null, -1, 0],
      ['a', 0, 1],
    ]);
    badFrame.frame[1] = 99;
    expect((catchError(() => CallTree.fromPreOrder(badFrame)) as FlamekitError).code).toBe(
      'invalid-frame',
    );
    const nan = columns(frames, [
      [null, -1, 0],
      ['a', 0, NaN],
    ]);
    expect((catchError(() => CallTree.fromPreOrder(nan)) as FlamekitError).code).toBe(
      'invalid-value',
    );
    const short = { ...columns(frames, [[null, -1, 0]]), self: new Float64Array(0) };
    expect((catchError(() => CallTree.fromPreOrder(short)) as FlamekitError).code).toBe(
      'invalid-tree',
    );
  });

  it('reports a node that does not exist with the library error', () => {
    const tree = CallTree.fromPreOrder(columns(new FrameTable(), [[null, -1, 1]]));
    expect((catchError(() => tree.name(5)) as FlamekitError).code).toBe('invalid-argument');
  });
});
