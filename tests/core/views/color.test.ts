import { describe, expect, it } from 'vitest';
import type { CallTree, FlamekitError } from '../../../src/core';
import { importProfile, treeFromFolded } from '../../../src/core';
import {
  colorToCss,
  computeNodeColors,
  createFrameColorLookup,
  createNodeColorLookup,
  contrastingTextColor,
  dimColor,
  hashString,
} from '../../../src/core/views/color';
import { catchError } from '../../helpers/catch-error';
import { readFixture } from '../../helpers/fixtures';

/** The node named `name` (the first one in pre-order). */
function nodeNamed(tree: CallTree, name: string): number {
  for (let node = 1; node < tree.nodeCount; node++) if (tree.name(node) === name) return node;
  throw new Error(`no node ${name}`);
}

/** WCAG 2.0 relative luminance, written from the spec (its 0.03928 threshold, Math.pow). */
function luminance(color: number): number {
  const [r, g, b] = [color >>> 16, (color >>> 8) & 255, color & 255].map((value) => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: number, b: number): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

const channels = (color: number) => [color >>> 16, (color >>> 8) & 255, color & 255];

describe('hashString', () => {
  it('is 32-bit FNV-1a (the published test vectors)', () => {
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
    expect(hashString('foobar')).toBe(0xbf9cf968);
  });
});

describe("computeNodeColors: 'package'", () => {
  it('gives a package the same colour in two different trees', () => {
    const first = treeFromFolded(
      'main.main;github.com/foo/bar.(*T).Method 3\nruntime.mallocgc 1\nmain.main;net/http.Get 2',
    );
    const second = treeFromFolded(
      'x;y;github.com/foo/bar.Other 1\nruntime.gcBgMarkWorker.func2;runtime.mallocgc 4\nmain.work 1',
    );
    for (const theme of ['light', 'dark'] as const) {
      const a = computeNodeColors(first, 'package', { theme });
      const b = computeNodeColors(second, 'package', { theme });
      const color = (tree: CallTree, colors: Uint32Array, name: string) =>
        colors[nodeNamed(tree, name)];
      expect(color(first, a, 'github.com/foo/bar.(*T).Method')).toBe(
        color(second, b, 'github.com/foo/bar.Other'),
      );
      expect(color(first, a, 'runtime.mallocgc')).toBe(
        color(second, b, 'runtime.gcBgMarkWorker.func2'),
      );
      expect(color(first, a, 'main.main')).toBe(color(second, b, 'main.work'));
    }
    const light = computeNodeColors(first, 'package');
    const dark = computeNodeColors(first, 'package', { theme: 'dark' });
    expect(light[1]).not.toBe(dark[1]);
    expect(luminance(light[1])).toBeGreaterThan(luminance(dark[1]));
  });

  it('mostly gives different packages different colours', () => {
    const packages = Array.from({ length: 60 }, (_, i) => `github.com/org${i}/lib.F`);
    const tree = treeFromFolded(packages.map((name) => `${name} 1`).join('\n'));
    const colors = Array.from(computeNodeColors(tree, 'package').subarray(1));
    expect(new Set(colors).size).toBeGreaterThanOrEqual(18);
    let same = 0;
    let pairs = 0;
    for (let i = 0; i < colors.length; i++)
      for (let j = i + 1; j < colors.length; j++, pairs++) if (colors[i] === colors[j]) same++;
    expect(same / pairs).toBeLessThan(0.1);
  });

  it('uses a palette of 24 distinguishable colours per theme', () => {
    const tree = treeFromFolded(Array.from({ length: 500 }, (_, i) => `p${i}.f 1`).join('\n'));
    for (const theme of ['light', 'dark'] as const) {
      const palette = [...new Set(computeNodeColors(tree, 'package', { theme }).subarray(1))];
      expect(palette).toHaveLength(24);
      for (let i = 0; i < palette.length; i++) {
        for (let j = i + 1; j < palette.length; j++) {
          const [a, b] = [channels(palette[i]), channels(palette[j])];
          expect(Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2])).toBeGreaterThan(20);
        }
      }
    }
  });

  it('paints the root and frames without a package in a neutral grey', () => {
    const tree = treeFromFolded('[unknown] 1\n(garbage collector) 1\nmain.main 1');
    const colors = computeNodeColors(tree, 'package');
    const [r, g, b] = channels(colors[0]);
    expect(r === g && g === b).toBe(true);
    expect(colors[nodeNamed(tree, '[unknown]')]).toBe(colors[0]);
    expect(colors[nodeNamed(tree, '(garbage collector)')]).toBe(colors[0]);
    expect(colors[nodeNamed(tree, 'main.main')]).not.toBe(colors[0]);
  });
});

describe("computeNodeColors: 'total' and 'self'", () => {
  // Siblings with totals 1..12 under one parent: shares of the root grow with the number.
  const tree = treeFromFolded(
    Array.from({ length: 12 }, (_, i) => `n${i + 1} ${i + 1}`).join('\n'),
  );
  const byValue = Array.from({ length: 12 }, (_, i) => nodeNamed(tree, `n${i + 1}`));

  it('darkens with the share of the total in the light theme and brightens in the dark one', () => {
    for (const scheme of ['total', 'self'] as const) {
      const light = Array.from(computeNodeColors(tree, scheme), luminance);
      const dark = Array.from(computeNodeColors(tree, scheme, { theme: 'dark' }), luminance);
      for (let i = 1; i < byValue.length; i++) {
        expect(light[byValue[i]]).toBeLessThan(light[byValue[i - 1]]);
        expect(dark[byValue[i]]).toBeGreaterThan(dark[byValue[i - 1]]);
      }
    }
  });

  it('measures total against the root and self against the largest self', () => {
    const colors = computeNodeColors(treeFromFolded('a;b 3\na 1\nc 4'), 'total');
    // a (total 4) and c (total 4) share half of the root's 8; the root has it all.
    expect(colors[1]).toBe(colors[3]);
    const selfColors = computeNodeColors(treeFromFolded('a;b 3\na 1\nc 3'), 'self');
    // b and c hold the largest self (3), so they get the end of the scale, like the root's total.
    const full = computeNodeColors(treeFromFolded('a 1'), 'total')[0];
    expect([selfColors[2], selfColors[3]]).toEqual([full, full]);
  });

  it('clamps negative values to the start of the scale', () => {
    const diff = treeFromFolded('a;b -5\na;c 3\nd 4');
    const colors = computeNodeColors(diff, 'total');
    // A share of 1 in 10,000 is the first step of the scale.
    const empty = computeNodeColors(treeFromFolded('a 1\nb 9999'), 'total')[1];
    expect(colors[nodeNamed(diff, 'b')]).toBe(empty);
  });

  it('uses a different scale per theme, light boxes pale and dark ones dim', () => {
    const low = treeFromFolded('a 1\nb 9999');
    const [light, dark] = [
      computeNodeColors(low, 'total')[1],
      computeNodeColors(low, 'total', { theme: 'dark' })[1],
    ];
    expect(luminance(light)).toBeGreaterThan(0.8);
    expect(luminance(dark)).toBeLessThan(0.1);
  });
});

describe('computeNodeColors: a host function', () => {
  it('uses the colour the function returns for each node', () => {
    const tree = treeFromFolded('a;b 1\nc 1');
    const colors = computeNodeColors(tree, (t, node) => (t.depth[node] * 0x10101) & 0xffffff);
    expect(Array.from(colors)).toEqual(Array.from(tree.depth, (depth) => depth * 0x10101));
  });

  it.each([-1, 0x1000000, 1.5, NaN, '#ffffff', undefined])('rejects %s, naming the node', (bad) => {
    const tree = treeFromFolded('a;b 1');
    const error = catchError(() =>
      computeNodeColors(tree, (_, node) => (node === 2 ? bad : 0) as number),
    ) as FlamekitError;
    expect(error.name).toBe('FlamekitError');
    expect(error.code).toBe('invalid-argument');
    expect(error.message).toContain('node 2');
    expect(error.message).toContain('"b"');
  });

  it('rejects an unknown scheme or theme', () => {
    const tree = treeFromFolded('a 1');
    const scheme = 'rainbow' as 'total';
    expect((catchError(() => computeNodeColors(tree, scheme)) as FlamekitError).code).toBe(
      'invalid-argument',
    );
    const theme = 'sepia' as 'dark';
    expect(
      (catchError(() => computeNodeColors(tree, 'total', { theme })) as FlamekitError).code,
    ).toBe('invalid-argument');
  });
});

describe('dimColor', () => {
  it('moves a colour toward the background as the amount grows', () => {
    const color = 0x3d7ab8;
    for (const background of [0xffffff, 0x0d1117]) {
      expect(dimColor(color, background, 0)).toBe(color);
      expect(dimColor(color, background, 1)).toBe(background);
      let previous = Infinity;
      for (let amount = 0; amount <= 1; amount += 0.125) {
        const dimmed = channels(dimColor(color, background, amount));
        const target = channels(background);
        const distance = Math.hypot(...dimmed.map((c, i) => c - target[i]));
        expect(distance).toBeLessThanOrEqual(previous);
        previous = distance;
      }
    }
    expect(dimColor(0xff0000, 0xffffff, 0.5)).toBe(0xff8080);
    expect(dimColor(0xff0000, 0xffffff, 2)).toBe(0xffffff);
  });

  it('rejects what is not a colour or an amount', () => {
    expect((catchError(() => dimColor(-1, 0, 0.5)) as FlamekitError).code).toBe('invalid-argument');
    expect((catchError(() => dimColor(0, 0, NaN)) as FlamekitError).code).toBe('invalid-argument');
  });
});

describe('colorToCss', () => {
  it('writes #rrggbb', () => {
    expect(colorToCss(0)).toBe('#000000');
    expect(colorToCss(0xff)).toBe('#0000ff');
    expect(colorToCss(0xabcdef)).toBe('#abcdef');
    expect((catchError(() => colorToCss(0x1000000)) as FlamekitError).code).toBe(
      'invalid-argument',
    );
  });
});

describe('contrastingTextColor', () => {
  it('picks black or white, whichever contrasts more by WCAG', () => {
    let seed = 11;
    const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) & 0xffffff;
    const samples = [0, 0xffffff, 0x777777, 0x767676, 0xff0000, 0x0000ff, 0x00ff00];
    for (let i = 0; i < 2000; i++) samples.push(random());
    const picked = new Set<number>();
    for (const color of samples) {
      const expected = contrast(color, 0) >= contrast(color, 0xffffff) ? 0 : 0xffffff;
      expect(contrastingTextColor(color)).toBe(expected);
      picked.add(expected);
    }
    expect(picked.size).toBe(2);
  });
});

describe('createFrameColorLookup', () => {
  it("gives a frame the flame graph's package colour, so a function looks the same in a chart", () => {
    const tree = importProfile(
      readFixture('chrome-cpuprofile/firefox-profiler-node-hello.cjs.cpuprofile'),
    ).tree();
    for (const theme of ['light', 'dark'] as const) {
      const node = createNodeColorLookup(tree, 'package', { theme });
      const frame = createFrameColorLookup(tree.frames, { theme });
      for (let n = 1; n < tree.nodeCount; n++) expect(frame(tree.frame[n])).toBe(node(n));
    }
  });

  it('colours by a share per frame on the sequential scale, clamped', () => {
    const tree = treeFromFolded('a 1\nb 1');
    const byShare = createFrameColorLookup(tree.frames, { shareOf: (f) => [0, 1][f] });
    const ramp = createNodeColorLookup(tree, 'total');
    expect(byShare(1)).not.toBe(byShare(0));
    expect(createFrameColorLookup(tree.frames, { shareOf: () => 7 })(0)).toBe(byShare(1));
    expect(createFrameColorLookup(tree.frames, { shareOf: () => NaN })(0)).toBe(byShare(0));
    expect(ramp(0)).toBe(byShare(1)); // the root: the whole, the top of the scale
  });

  it("asks for a frame's share once, however often the frame is coloured", () => {
    const tree = treeFromFolded('a;b 1\nc 1');
    const asked: number[] = [];
    const shareOf = (frame: number) => (asked.push(frame), frame / 3);
    const lookup = createFrameColorLookup(tree.frames, { shareOf });
    const uncached = (frame: number) =>
      createFrameColorLookup(tree.frames, { shareOf: () => frame / 3 })(0);
    for (let round = 0; round < 3; round++)
      for (let frame = 0; frame < tree.frames.size; frame++)
        expect(lookup(frame)).toBe(uncached(frame));
    expect(asked).toEqual([...Array(tree.frames.size).keys()]);
    expect(lookup(1.5)).toBe(uncached(1.5)); // not a frame of the table: computed, not kept
  });
});
