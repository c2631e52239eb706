import { describe, expect, it } from 'vitest';
import type { FlamekitError } from '../../../src/core';
import { FrameTable, StackTable, computeCallTree, printTree } from '../../../src/core';
import { StackBatch } from '../../../src/core/model/stack-batch';
import { catchError } from '../../helpers/catch-error';

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

/** Random stacks over a small tree of names: deep, shared prefixes, some wide nodes. */
function randomStacks(count: number, seed: number) {
  let state = seed;
  const random = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const frames = new FrameTable();
  const names = Array.from({ length: 300 }, (_, i) => frames.internName(`fn${i}`));
  const stacks: number[][] = [];
  for (let i = 0; i < count; i++) {
    const depth = 1 + Math.floor(random() * 12);
    stacks.push(
      Array.from({ length: depth }, (_, d) => names[Math.floor(random() ** (d + 1) * 300)]),
    );
  }
  const starts = new Int32Array(count + 1);
  stacks.forEach((stack, i) => (starts[i + 1] = starts[i] + stack.length));
  return { frames, stacks, flat: Int32Array.from(stacks.flat()), starts };
}

/** `count` distinct stacks of five frames in depth-first order. */
function walkedStacks(count: number) {
  const frames = new FrameTable();
  const names = Array.from({ length: 80 }, (_, i) => frames.internName(`fn${i}`));
  const stacks = Array.from({ length: count }, (_, i) =>
    [0, 1 + (i >> 10), 20 + ((i >> 6) & 15), 40 + ((i >> 2) & 15), 60 + (i & 3)].map(
      (k) => names[k],
    ),
  );
  return { frames, stacks };
}

describe('StackTable.internAll', () => {
  for (const [order, sort] of [
    ['no order (grouped)', false],
    ['sorted order (as they come)', true],
  ] as const) {
    it(`gives each stack its own path, and the tree one by one interning gives, in ${order}`, () => {
      const input = randomStacks(20_000, 7);
      if (sort) {
        input.stacks.sort((a, b) => a.join(',').localeCompare(b.join(',')));
        input.flat = Int32Array.from(input.stacks.flat());
        input.stacks.forEach((stack, i) => (input.starts[i + 1] = input.starts[i] + stack.length));
      }
      const all = new StackTable(input.frames);
      const leaves = all.internAll(input.flat, input.starts, input.stacks.length);
      const oneByOne = new StackTable(input.frames);
      const self = [new Float64Array(all.size), new Float64Array(all.size)];
      input.stacks.forEach((stack, i) => {
        expect(all.framesOf(leaves[i])).toEqual(stack); // read back, not compared with ids
        self[0][leaves[i]] += i % 7;
        self[1][oneByOne.intern(stack)] += i % 7;
      });
      expect(all.size).toBe(oneByOne.size);
      expect(printTree(computeCallTree(all, self[0].subarray(0, all.size)))).toBe(
        printTree(computeCallTree(oneByOne, self[1].subarray(0, oneByOne.size))),
      );
    });
  }

  it('refuses a batch with a frame that does not exist, and adds nothing', () => {
    const input = randomStacks(100, 3);
    const table = new StackTable(input.frames);
    input.flat[250] = 9999;
    const error = catchError(() => table.internAll(input.flat, input.starts, 100));
    expect((error as FlamekitError).code).toBe('invalid-frame');
    expect(table.size).toBe(1);
  });
});

describe('StackBatch.reserve', () => {
  for (const [order, sort] of [
    ['no order (kept, then grouped)', false],
    ['sorted order (interned as they come)', true],
  ] as const) {
    it(`takes stacks written in place as add takes them, in ${order}`, () => {
      // Sorted: a depth-first walk, each stack sharing four of its five frames with the last.
      const input = sort ? walkedStacks(6_000) : randomStacks(6_000, 11);
      const table = new StackTable(input.frames);
      const batch = new StackBatch(table);
      input.stacks.forEach((stack, i) => {
        if (i % 3 === 0) {
          batch.add(stack, stack.length);
          return;
        }
        if (i % 3 === 1) {
          // A reservation that is forgotten leaves nothing behind.
          const at = batch.reserve(12);
          batch.buffer.fill(0, at, at + 12);
        }
        // Room for two frames, then more: what was written stays where it was.
        let at = batch.reserve(2);
        const head = Math.min(2, stack.length);
        for (let k = 0; k < head; k++) batch.buffer[at + k] = stack[k];
        at = batch.reserve(stack.length + 5);
        for (let k = head; k < stack.length; k++) batch.buffer[at + k] = stack[k];
        expect(batch.addWritten(stack.length)).toBe(i);
      });
      // Interned as they came (the table grew before finish), or all kept until finish.
      expect(table.size > 1).toBe(sort);
      const leaves = batch.finish();
      input.stacks.forEach((stack, i) => expect(table.framesOf(leaves[i])).toEqual(stack));
    });
  }

  it('refuses a written stack with a frame that does not exist', () => {
    const input = randomStacks(10, 3);
    const batch = new StackBatch(new StackTable(input.frames));
    const at = batch.reserve(3);
    batch.buffer.set([0, 9999, 1], at);
    const error = catchError(() => batch.addWritten(3));
    expect((error as FlamekitError).code).toBe('invalid-frame');
    const tooLong = catchError(() => batch.addWritten(4)) as FlamekitError;
    expect(tooLong.code).toBe('invalid-argument');
    expect(tooLong.message).toContain('outside the stack (0 to 3, as reserved)');
  });
});

describe('StackTable.trusted', () => {
  it('answers as the table its columns came from, wide stacks included, and grows as it', () => {
    const input = randomStacks(5_000, 11);
    const original = new StackTable(input.frames);
    original.internAll(input.flat, input.starts, 5_000);
    const { parent, frame } = original.columns();
    const copy = StackTable.trusted(input.frames, parent, frame);
    for (const stack of input.stacks) expect(copy.intern(stack)).toBe(original.intern(stack));
    const fresh = [...input.stacks[0], input.stacks[1][0], input.stacks[2][0]];
    expect(copy.intern(fresh)).toBe(original.intern(fresh));
    expect(() =>
      StackTable.trusted(input.frames, Int32Array.of(-1, 5), Int32Array.of(-1, 0)),
    ).toThrow(/parents must come first/);
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
