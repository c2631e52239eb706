import { describe, expect, it } from 'vitest';
import { CallTree, ROOT_FRAME } from '../../../src/core/model/call-tree';
import { createDiffColorScale } from '../../../src/core/diff/diff-color';
import type { DiffColorMode, DiffPalette } from '../../../src/core/diff/diff-color';
import { FlamekitError } from '../../../src/core/errors';
import { treeFromFolded } from '../../../src/core/model/folded-tree';
import { FrameTable } from '../../../src/core/model/frame-table';
import { catchError } from '../../helpers/catch-error';

// Baseline (first count) and comparison (second):
//   a: total 5 -> 7 (self 4 -> 6), x: 1 -> 1, b: 4 -> 2, c: 0 -> 4 (new), d: 2 -> 0 (removed),
//   main: 11 -> 13 (self 0 -> 0), root: 11 -> 13.
const FOLDED = `
  main;a 4 6
  main;a;x 1 1
  main;b 4 2
  main;c 0 4
  main;d 2 0
`;

function nodeNamed(tree: CallTree, name: string): number {
  for (let node = 1; node < tree.nodeCount; node++) if (tree.name(node) === name) return node;
  throw new Error(`no node ${name}`);
}

const channels = (color: number) => [color >>> 16, (color >>> 8) & 255, color & 255];
const distance = (a: number, b: number) => {
  const [p, q] = [channels(a), channels(b)];
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
};

/** sRGB to OKLab lightness and chroma, inverting the published matrices (not the module's code). */
function oklch(color: number): { l: number; c: number } {
  const [r, g, b] = channels(color).map((value) => {
    const v = value / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  const A = 1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s;
  const B = 0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s;
  return { l: 0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s, c: Math.hypot(A, B) };
}

describe('createDiffColorScale: metrics and changes', () => {
  const tree = treeFromFolded(FOLDED);
  const [main, a, x, b, c, d] = ['main', 'a', 'x', 'b', 'c', 'd'].map((n) => nodeNamed(tree, n));

  it("'relative' is the change of the share of the root, in percent", () => {
    const scale = createDiffColorScale(tree);
    expect(scale.mode).toBe('relative');
    expect(scale.limit).toBe(100);
    const relative = (before: number, after: number) =>
      ((after / 13 - before / 11) / (before / 11)) * 100;
    // a: 7/13 against 5/11 is (77/65 - 1) × 100 %.
    expect(scale.metricOf(a)).toBeCloseTo(relative(5, 7), 10);
    expect(scale.metricOf(a)).toBeCloseTo(18.461538462, 6);
    // x keeps its samples but loses share, as the comparison grew.
    expect(scale.metricOf(x)).toBeCloseTo(relative(1, 1), 10);
    expect(scale.metricOf(b)).toBeCloseTo(-57.692307692, 6);
    expect(scale.metricOf(c)).toBe(Infinity);
    expect(scale.metricOf(d)).toBe(-100);
    expect(scale.metricOf(main)).toBe(0);
    expect(scale.metricOf(0)).toBe(0);
    const changes = [0, main, a, x, b, c, d].map((node) => scale.changeOf(node));
    expect(changes).toEqual([
      'unchanged',
      'unchanged',
      'increase',
      'decrease',
      'decrease',
      'new',
      'removed',
    ]);
  });

  it("'absolute' is the change of total; the limit is the largest non-root change", () => {
    const scale = createDiffColorScale(tree, { mode: 'absolute' });
    const metrics = [0, main, a, x, b, c, d].map((node) => scale.metricOf(node));
    expect(metrics).toEqual([2, 2, 2, 0, -2, 4, -2]);
    expect(scale.limit).toBe(4);
    const changes = [0, main, a, x, b, c, d].map((node) => scale.changeOf(node));
    expect(changes).toEqual([
      'increase',
      'increase',
      'increase',
      'unchanged',
      'decrease',
      'new',
      'removed',
    ]);
  });

  it("'self' is the change of self; new and removed are still judged on totals", () => {
    const scale = createDiffColorScale(tree, { mode: 'self' });
    const metrics = [0, main, a, x, b, c, d].map((node) => scale.metricOf(node));
    expect(metrics).toEqual([0, 0, 2, 0, -2, 4, -2]);
    expect(scale.limit).toBe(4);
    expect(scale.changeOf(main)).toBe('unchanged');
    expect(scale.changeOf(a)).toBe('increase');
    expect(scale.changeOf(c)).toBe('new');
    expect(scale.changeOf(d)).toBe('removed');
    // main's own samples did not change, although its callees' did.
    expect(scale.colorOf(main)).toBe(scale.legend.unchangedColor);
  });

  it('does not clamp the metric, and uses a limit of 1 when nothing changed', () => {
    const grown = treeFromFolded('a 1 5\nb 9 5');
    const scale = createDiffColorScale(grown);
    // a: share 0.1 -> 0.5.
    expect(scale.metricOf(nodeNamed(grown, 'a'))).toBeCloseTo(400, 10);
    const still = treeFromFolded('a 2 2\nb 3 3');
    expect(createDiffColorScale(still, { mode: 'absolute' }).limit).toBe(1);
    expect(createDiffColorScale(still, { mode: 'absolute' }).changeOf(0)).toBe('unchanged');
  });
});

describe('createDiffColorScale: colours', () => {
  const tree = treeFromFolded(FOLDED);
  const modes: DiffColorMode[] = ['relative', 'absolute', 'self'];
  const palettes: DiffPalette[] = ['default', 'colorblind'];
  const themes = ['light', 'dark'] as const;

  /** A scale over nodes n-20 .. n20 whose absolute change is -20 .. 20, so limit is 20. */
  function steps(palette: DiffPalette, theme: 'light' | 'dark') {
    const lines = [];
    for (let i = -20; i <= 20; i++) lines.push(`n${i} 100 ${100 + i}`);
    const stepTree = treeFromFolded(lines.join('\n'));
    const scale = createDiffColorScale(stepTree, { mode: 'absolute', palette, theme });
    expect(scale.limit).toBe(20);
    const colorAt = (i: number) => scale.colorOf(nodeNamed(stepTree, `n${i}`));
    return { scale, colorAt };
  }

  it('has a neutral grey middle, distinct ends and a legend from -limit to +limit', () => {
    for (const palette of palettes) {
      for (const theme of themes) {
        const scale = createDiffColorScale(tree, { mode: 'absolute', palette, theme });
        const { stops, unchangedColor } = scale.legend;
        expect(stops.length % 2).toBe(1);
        expect(stops.map((stop) => stop.value)).toEqual([-4, -3, -2, -1, 0, 1, 2, 3, 4]);
        expect(stops[4].color).toBe(unchangedColor);
        const [r, g, b] = channels(unchangedColor);
        expect(r === g && g === b).toBe(true);
        expect(scale.colorOf(nodeNamed(tree, 'x'))).toBe(unchangedColor);
        expect(distance(stops[0].color, stops[8].color)).toBeGreaterThan(100);
      }
    }
  });

  it("'default' is red for increases and green for decreases; 'colorblind' is blue for decreases", () => {
    for (const theme of themes) {
      const plain = createDiffColorScale(tree, { theme }).legend.stops;
      const [incR, incG] = channels(plain[8].color);
      const [decR, decG] = channels(plain[0].color);
      expect(incR).toBeGreaterThan(decR);
      expect(decG).toBeGreaterThan(incG);
      expect(incR).toBeGreaterThan(incG);
      expect(decG).toBeGreaterThan(decR);

      const safe = createDiffColorScale(tree, { theme, palette: 'colorblind' }).legend.stops;
      const [, safeG, safeB] = channels(safe[0].color);
      expect(safeB).toBeGreaterThan(safeG);
      expect(safeB).toBeGreaterThan(channels(plain[0].color)[2] + 50);
      const [sR, sG, sB] = channels(safe[8].color);
      expect(sR).toBeGreaterThan(sG);
      expect(sR).toBeGreaterThan(sB);
    }
  });

  it('colours a metric at or beyond the limit with the end colour', () => {
    // a +2 and b +2, so the limit is 2 while the root changed by 4.
    const wide = treeFromFolded('a 1 3\nb 1 3');
    const scale = createDiffColorScale(wide, { mode: 'absolute' });
    expect(scale.limit).toBe(2);
    const end = scale.legend.stops[scale.legend.stops.length - 1].color;
    expect(scale.colorOf(0)).toBe(end);
    expect(scale.colorOf(nodeNamed(wide, 'a'))).toBe(end);
    // 'relative': a share of 0.1 -> 0.5 is +400 %, b 0.9 -> 0.5 is -44 %.
    const grown = treeFromFolded('a 1 5\nb 9 5');
    const relative = createDiffColorScale(grown);
    expect(relative.colorOf(nodeNamed(grown, 'a'))).toBe(relative.legend.stops[8].color);
    const b = relative.colorOf(nodeNamed(grown, 'b'));
    expect(b).not.toBe(relative.legend.stops[0].color);
    expect(b).not.toBe(relative.legend.unchangedColor);
  });

  it('steps away from neutral in lightness, chroma and distance along each half', () => {
    for (const palette of palettes) {
      for (const theme of themes) {
        const { colorAt, scale } = steps(palette, theme);
        const neutral = scale.legend.unchangedColor;
        expect(colorAt(0)).toBe(neutral);
        const neutralL = oklch(neutral).l;
        for (const sign of [1, -1]) {
          for (let i = 1; i <= 20; i++) {
            const [near, far] = [colorAt(sign * (i - 1)), colorAt(sign * i)];
            expect(distance(far, neutral)).toBeGreaterThan(distance(near, neutral));
            expect(Math.abs(oklch(far).l - neutralL)).toBeGreaterThan(
              Math.abs(oklch(near).l - neutralL),
            );
            expect(oklch(far).c).toBeGreaterThan(oklch(near).c);
          }
        }
        // Equal lightness and chroma either side at equal |change| (up to 8-bit rounding).
        for (let i = 1; i <= 20; i++) {
          const [up, down] = [oklch(colorAt(i)), oklch(colorAt(-i))];
          expect(Math.abs(up.l - down.l)).toBeLessThan(0.005);
          expect(Math.abs(up.c - down.c)).toBeLessThan(0.01);
        }
      }
    }
  });

  it('gives new and removed nodes flat colours that stand apart from the whole ramp', () => {
    const [c, d] = [nodeNamed(tree, 'c'), nodeNamed(tree, 'd')];
    for (const palette of palettes) {
      for (const theme of themes) {
        const { colorAt } = steps(palette, theme);
        const ramp = Array.from({ length: 41 }, (_, i) => colorAt(i - 20));
        for (const mode of modes) {
          const scale = createDiffColorScale(tree, { mode, palette, theme });
          const { newColor, removedColor, stops } = scale.legend;
          expect(scale.colorOf(c)).toBe(newColor);
          expect(scale.colorOf(d)).toBe(removedColor);
          expect(distance(newColor, stops[0].color)).toBeGreaterThan(60);
          expect(distance(newColor, stops[8].color)).toBeGreaterThan(60);
          expect(distance(removedColor, stops[0].color)).toBeGreaterThan(60);
          expect(distance(removedColor, stops[8].color)).toBeGreaterThan(60);
          expect(distance(newColor, removedColor)).toBeGreaterThan(60);
          for (const color of ramp) {
            expect(distance(newColor, color)).toBeGreaterThan(60);
            expect(distance(removedColor, color)).toBeGreaterThan(60);
          }
        }
      }
    }
  });

  it("gives theme 'dark' darker neutral boxes and different colours", () => {
    const light = createDiffColorScale(tree).legend;
    const dark = createDiffColorScale(tree, { theme: 'dark' }).legend;
    expect(oklch(dark.unchangedColor).l).toBeLessThan(oklch(light.unchangedColor).l - 0.2);
    expect(dark.stops[0].color).not.toBe(light.stops[0].color);
    expect(dark.stops[8].color).not.toBe(light.stops[8].color);
    expect(dark.newColor).not.toBe(light.newColor);
    expect(dark.removedColor).not.toBe(light.removedColor);
  });
});

describe('createDiffColorScale: errors', () => {
  const tree = treeFromFolded(FOLDED);
  const codeOf = (run: () => unknown) => {
    const error = catchError(run);
    expect(error).toBeInstanceOf(FlamekitError);
    return (error as FlamekitError).code;
  };

  it('rejects a tree with one side', () => {
    const error = catchError(() => createDiffColorScale(treeFromFolded('a 1\nb 2')));
    expect((error as FlamekitError).code).toBe('invalid-argument');
    expect((error as FlamekitError).message).toMatch(/two profiles/);
  });

  it('rejects an unknown mode, palette or theme, and a node out of range', () => {
    expect(codeOf(() => createDiffColorScale(tree, { mode: 'ratio' as never }))).toBe(
      'invalid-argument',
    );
    expect(codeOf(() => createDiffColorScale(tree, { palette: 'viridis' as never }))).toBe(
      'invalid-argument',
    );
    expect(codeOf(() => createDiffColorScale(tree, { theme: 'sepia' as never }))).toBe(
      'invalid-argument',
    );
    const scale = createDiffColorScale(tree);
    expect(codeOf(() => scale.colorOf(tree.nodeCount))).toBe('invalid-argument');
    expect(codeOf(() => scale.metricOf(-1))).toBe('invalid-argument');
    expect(codeOf(() => scale.changeOf(1.5))).toBe('invalid-argument');
  });
});

describe('createDiffColorScale: a large tree', () => {
  it('builds a scale for a two-sided tree of 200,000 nodes', () => {
    const n = 200_000;
    const frames = new FrameTable();
    for (let i = 0; i < 1000; i++) frames.internName(`f${i}`);
    const frame = new Int32Array(n);
    const parent = new Int32Array(n);
    const self = new Float64Array(n);
    const baselineSelf = new Float64Array(n);
    frame[0] = ROOT_FRAME;
    parent[0] = -1;
    for (let i = 1; i < n; i++) {
      frame[i] = i % 1000;
      // Chains of three under the root: always a node on the path to i - 1, so pre-order holds.
      parent[i] = i % 3 === 1 ? 0 : i - 1;
      self[i] = (i * 7) % 13;
      baselineSelf[i] = (i * 5) % 11;
    }
    const big = CallTree.fromPreOrder({ frames, frame, parent, self, baselineSelf });
    const scale = createDiffColorScale(big, { mode: 'absolute' });
    let largest = 0;
    for (let i = 1; i < n; i++) {
      largest = Math.max(largest, Math.abs(big.total[i] - big.baselineTotal![i]));
    }
    expect(scale.limit).toBe(largest);
    for (let i = 0; i < n; i += 997) {
      const color = scale.colorOf(i);
      expect(Number.isInteger(color) && color >= 0 && color <= 0xffffff).toBe(true);
    }
    expect(createDiffColorScale(big).colorOf(n - 1)).toBeGreaterThanOrEqual(0);
  });
});
