import { describe, expect, it } from 'vitest';
import {
  CallTreeBuilder,
  computeTreeCut,
  FrameTable,
  importProfile,
  printTree,
  treeFromFolded,
} from '../../../../src/core';
import { readFixture } from '../../../helpers/fixtures';
import { valuesByPath } from '../../../helpers/tree-paths';
import {
  flameGraphOf,
  insertStack,
  newNode,
} from '../../../helpers/pyroscope-server/function-tree';
import { decodePprof } from '../../../helpers/pyroscope-server/profiles';

/** The expected print of a tree, one string per line. */
const printed = (...rows: string[]) => rows.join('\n');

describe('computeTreeCut on small trees', () => {
  it('keeps the nodes up to the maxNodes-th largest total and folds the rest into other', () => {
    const tree = treeFromFolded('a;b 6\na;c 3\na;d 1');
    const cut = computeTreeCut(tree, { maxNodes: 2 });
    expect(printTree(cut.tree)).toBe(
      printed('- a (total 10, self 0)', '  - b (total 6, self 6)', '  - other (total 4, self 4)'),
    );
    expect(cut.partial).toBe(true);
    expect(cut.otherTotal).toBe(4);
    expect(cut.tree.total[0]).toBe(tree.total[0]);
  });

  it('keeps every node tied with the threshold, and a small tree whole', () => {
    const tree = treeFromFolded('a;b 3\na;c 3\na;d 1');
    // Totals 7, 3, 3, 1: the second largest is 3, and both 3s stay.
    expect(printTree(computeTreeCut(tree, { maxNodes: 2 }).tree)).toBe(
      printed(
        '- a (total 7, self 0)',
        '  - b (total 3, self 3)',
        '  - c (total 3, self 3)',
        '  - other (total 1, self 1)',
      ),
    );
    const whole = computeTreeCut(tree, { maxNodes: 4 });
    expect(whole.partial).toBe(false);
    expect(printTree(whole.tree)).toBe(printTree(tree));
    expect(computeTreeCut(tree, {}).partial).toBe(false);
  });

  it('folds a node already named other, whatever its total', () => {
    const tree = treeFromFolded('a;other 5\na;b 2\na;c 1');
    expect(printTree(computeTreeCut(tree, { maxNodes: 3 }).tree)).toBe(
      printed('- a (total 8, self 0)', '  - b (total 2, self 2)', '  - other (total 6, self 6)'),
    );
  });

  it('narrows to a call site: its callers stay with no self, the threshold taken on what is left', () => {
    const tree = treeFromFolded('main;a;x 5\nmain;a;y 1\nmain;a;z 1\nmain;b 20\nmain 4');
    const cut = computeTreeCut(tree, { callSite: ['main', 'a'], maxNodes: 3 });
    expect(printTree(cut.tree, { includeRoot: true })).toBe(
      printed(
        '- all (total 7, self 0)',
        '  - main (total 7, self 0)',
        '    - a (total 7, self 0)',
        '      - x (total 5, self 5)',
        '      - other (total 2, self 2)',
      ),
    );
    const nowhere = computeTreeCut(tree, { callSite: ['main', 'nope'] });
    expect(nowhere.tree.nodeCount).toBe(1);
    expect(nowhere.tree.total[0]).toBe(0);
  });

  it('keeps every node of a call-site path, as a function has one per line', () => {
    const frames = new FrameTable();
    const builder = new CallTreeBuilder({ frames });
    const at = (name: string, line: number) => frames.intern({ name, file: 'main.go', line });
    builder.addStack([at('main', 10), at('work', 3)], 4);
    builder.addStack([at('main', 12), at('work', 7)], 2);
    builder.addStack([at('main', 14), at('other', 1)], 9);
    const cut = computeTreeCut(builder.build(), { callSite: ['main', 'work'] });
    expect(cut.tree.total[0]).toBe(6);
    const names = [];
    for (let node = 1; node < cut.tree.nodeCount; node++)
      names.push(`${cut.tree.name(node)}:${cut.tree.frames.line(cut.tree.frame[node])}`);
    expect(names).toEqual(['main:10', 'work:3', 'main:12', 'work:7']);
  });

  it('cuts a diff tree by the larger side, counting its root', () => {
    const diff = treeFromFolded('a;b 1 9\na;c 8 1\na;d 1 1\na;e 1 0');
    // Weights (the larger side): root 11, a 11, b 9, c 8, d 1, e 1; the fourth largest is 8,
    // which c reaches by its baseline alone.
    const cut = computeTreeCut(diff, { maxNodes: 4 });
    expect(printTree(cut.tree)).toBe(
      printed(
        '- a (total 11, self 0; baseline 11, 0)',
        '  - b (total 9, self 9; baseline 1, 1)',
        '  - c (total 1, self 1; baseline 8, 8)',
        '  - other (total 1, self 1; baseline 2, 2)',
      ),
    );
    expect(cut.otherTotal).toBe(1);
    // Counting the root makes the difference at 3: the third largest is 9, and c goes.
    expect(printTree(computeTreeCut(diff, { maxNodes: 3 }).tree).split('\n').length).toBe(3);
  });

  it('refuses a maxNodes that is not a number', () => {
    expect(() => computeTreeCut(treeFromFolded('a 1'), { maxNodes: Number.NaN })).toThrow(
      /maxNodes/,
    );
  });
});

describe('computeTreeCut against the test server, which cuts as Pyroscope does', () => {
  it('keeps the same nodes of a real CPU profile at several sizes', () => {
    const bytes = new Uint8Array(readFixture('pprof/go/concourse-web-cpu-300s.pb.gz'));
    // The server's tree: pprof-format's decoding merged by function name.
    const decoded = decodePprof(bytes);
    const root = newNode('');
    for (const sample of decoded.samples) insertStack(root, sample.names, sample.values[1]);
    // Ours: flamekit's import, by name, then cut.
    const profile = importProfile(bytes);
    const byName = new CallTreeBuilder({ frames: new FrameTable() });
    const tree = profile.tree('cpu');
    const stack: number[] = [];
    for (let node = 1; node < tree.nodeCount; node++) {
      stack.length = tree.depth[node] - 1;
      stack.push(byName.frames.internName(tree.name(node)));
      if (tree.self[node] !== 0) byName.addStack(stack, tree.self[node]);
    }
    const merged = byName.build();
    for (const maxNodes of [50, 500, 5000]) {
      const server = flameGraphOf(root, maxNodes);
      const expected = new Map<string, number>();
      // Rebuild the server's paths from its levels (offsets are deltas per row).
      const rows = server.levels.map((level) => level.values.map(Number));
      const above: { start: number; end: number; path: string }[][] = [];
      rows.forEach((values, depth) => {
        const row: { start: number; end: number; path: string }[] = [];
        let end = 0;
        for (let k = 0; k < values.length; k += 4) {
          const start = end + values[k];
          end = start + values[k + 1];
          const parent =
            depth === 0 ? '' : above[depth - 1].find((p) => p.start <= start && end <= p.end)!.path;
          const path = depth === 0 ? '' : `${parent};${server.names[values[k + 3]]}`;
          row.push({ start, end, path });
          if (depth > 0) expected.set(path, (expected.get(path) ?? 0) + values[k + 1]);
        }
        above.push(row);
      });
      const ours = valuesByPath(computeTreeCut(merged, { maxNodes }).tree);
      expect(
        Object.fromEntries(Object.entries(ours).map(([path, [total]]) => [path, total])),
      ).toEqual(Object.fromEntries(expected));
    }
  });
});
