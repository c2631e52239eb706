import { describe, expect, it } from 'vitest';
import type { FlamekitError } from '../../src/core';
import { FrameTable, StackTable, computeCallTree, printTree } from '../../src/core';
import { catchError } from '../helpers/catch-error';

function makeTable(...stacks: string[]) {
  const frames = new FrameTable();
  const table = new StackTable(frames);
  const ids = stacks.map((stack) =>
    table.intern(stack ? stack.split(';').map((name) => frames.internName(name)) : []),
  );
  return { frames, table, ids };
}

describe('StackTable', () => {
  it('interns each distinct stack once, prefixes included', () => {
    const { table, ids, frames } = makeTable('a;b;c', 'a;b', 'a;d', 'a;b;c', '');
    expect(ids[0]).toBe(ids[3]);
    expect(ids[4]).toBe(0);
    expect(table.size).toBe(5); // empty, a, a;b, a;b;c, a;d
    expect(table.framesOf(ids[0]).map((f) => frames.name(f))).toEqual(['a', 'b', 'c']);
    expect(table.parentOf(ids[0])).toBe(ids[1]);
    expect(table.child(ids[1], table.frameOf(ids[0]))).toBe(ids[0]);
  });

  it('finds children of a wide stack through its hash table', () => {
    const frames = new FrameTable();
    const stacks = new StackTable(frames);
    const names = Array.from({ length: 100 }, (_, i) => frames.internName(`f${i}`));
    const first = names.map((f) => stacks.child(0, f));
    const again = [...names]
      .reverse()
      .map((f) => stacks.child(0, f))
      .reverse();
    expect(again).toEqual(first);
    expect(stacks.size).toBe(101);
  });

  it('rejects unknown stacks and frames with the library error', () => {
    const stacks = new StackTable();
    expect((catchError(() => stacks.child(3, 0)) as FlamekitError).code).toBe('invalid-argument');
    expect((catchError(() => stacks.child(0, 0)) as FlamekitError).code).toBe('invalid-frame');
    expect((catchError(() => stacks.parentOf(9)) as FlamekitError).code).toBe('invalid-argument');
  });
});

describe('computeCallTree', () => {
  it('builds one tree per set of values from the same stacks, without empty subtrees', () => {
    const { table, ids } = makeTable('a;b', 'a;c', 'd');
    const alloc = new Float64Array(table.size);
    const inuse = new Float64Array(table.size);
    alloc[ids[0]] = 5;
    alloc[ids[1]] = 2;
    inuse[ids[0]] = 1;
    expect(printTree(computeCallTree(table, alloc))).toBe(
      ['- a (total 7, self 0)', '  - b (total 5, self 5)', '  - c (total 2, self 2)'].join('\n'),
    );
    expect(printTree(computeCallTree(table, inuse))).toBe(
      ['- a (total 1, self 0)', '  - b (total 1, self 1)'].join('\n'),
    );
    expect(computeCallTree(table, inuse, { keepEmptyNodes: true }).nodeCount).toBe(table.size);
  });

  it('keeps a node that only the baseline side has', () => {
    const { table, ids } = makeTable('a', 'b');
    const self = new Float64Array(table.size);
    const baseline = new Float64Array(table.size);
    self[ids[0]] = 1;
    baseline[ids[1]] = 4;
    expect(printTree(computeCallTree(table, self, { baselineSelf: baseline }))).toBe(
      ['- a (total 1, self 1; baseline 0, 0)', '- b (total 0, self 0; baseline 4, 4)'].join('\n'),
    );
  });

  it('rejects too few values and values that are not finite', () => {
    const { table } = makeTable('a');
    expect(
      (catchError(() => computeCallTree(table, new Float64Array(1))) as FlamekitError).code,
    ).toBe('invalid-argument');
    expect(
      (catchError(() => computeCallTree(table, Float64Array.from([0, NaN]))) as FlamekitError).code,
    ).toBe('invalid-value');
  });
});
