import { describe, expect, it } from 'vitest';
import {
  FlamekitError,
  computeDiff,
  createDiffColorScale,
  createNodeColorLookup,
  findNodeByPath,
  formatShare,
  formatValue,
  importProfile,
  treeFromFolded,
  type CallTree,
  type NodeIndex,
} from '../../../src/core';
import { renderFlameGraphHtml } from '../../../src/render/export/html-export';
import type { HtmlPageData } from '../../../src/render/export/html-viewer-parts';
import { KAFKA_WINDOWS, readFixture } from '../../helpers/fixtures';

/**
 * The HTML export read back as text: the page's structure and policy, and the embedded JSON
 * against starts, widths and tooltips computed here from the tree's totals. The page's behaviour
 * in a browser is tests/browser/html-export.test.ts.
 */

const DATA_SCRIPT = /<script type="application\/json" id="flamekit-data">([^]*?)<\/script>/;

/** The JSON as a browser reads it: the script element's text, up to the first `</script`. */
function readData(html: string): HtmlPageData {
  const match = DATA_SCRIPT.exec(html);
  expect(match).not.toBeNull();
  return JSON.parse(match![1]) as HtmlPageData;
}

/** The markup outside the embedded JSON, where profile text would be live. */
const markupOf = (html: string) => html.replace(DATA_SCRIPT, '');

interface ExpectedNode {
  node: NodeIndex;
  depth: number;
  start: number;
  width: number;
  name: string;
  tooltip: string;
}

/**
 * Every node of a one-sided tree with no negative values as the page should hold it: width its
 * total, start its parent's start plus the totals of the siblings before it (pre-order visits
 * siblings left to right), tooltip `name — value (share)`.
 */
function expectedNodes(tree: CallTree, unit = 'samples'): ExpectedNode[] {
  const start = new Float64Array(tree.nodeCount);
  const cursor = new Float64Array(tree.nodeCount); // where a parent's next child starts
  const nodes: ExpectedNode[] = [];
  for (let node = 0; node < tree.nodeCount; node++) {
    const parent = tree.parent[node];
    if (parent >= 0) {
      start[node] = cursor[parent];
      cursor[parent] += tree.total[node];
    }
    cursor[node] = start[node];
    const share = tree.total[node] / tree.total[0];
    nodes.push({
      node,
      depth: tree.depth[node],
      start: start[node],
      width: tree.total[node],
      name: tree.name(node),
      tooltip: `${tree.name(node)} — ${formatValue(tree.total[node], unit)} (${formatShare(share)})`,
    });
  }
  return nodes;
}

/** The page's nodes in the same shape. */
function pageNodes(data: HtmlPageData) {
  return data.depth.map((depth, i) => ({
    depth,
    start: data.start[i],
    width: data.width[i],
    name: data.other?.[i] ? `[other ×${data.other[i]}]` : data.strings[data.name[i]],
    tooltip: data.strings[data.name[i]] + data.strings[data.tip[i]],
  }));
}

const strip = ({ node: _, ...rest }: ExpectedNode) => rest;
const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

describe('renderFlameGraphHtml', () => {
  it('is one document that can fetch nothing', () => {
    const tree = importProfile(readFixture('collapsed/diff/inferno-before.txt')).tree();
    const html = renderFlameGraphHtml(tree);
    expect(typeof document).toBe('undefined'); // built without a DOM
    expect(html.startsWith('<!doctype html>\n<html lang="en"><head><meta charset="utf-8">')).toBe(
      true,
    );
    expect(count(html, /<!doctype/gi)).toBe(1);
    expect(count(html, /<html\b/g)).toBe(1);
    expect(html.trimEnd().endsWith('</body></html>')).toBe(true);
    expect(count(html, /<script\b/g)).toBe(2);
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
    expect(policy?.split('; ')).toEqual([
      "default-src 'none'",
      "script-src 'unsafe-inline'",
      "style-src 'unsafe-inline'",
      "base-uri 'none'",
      "form-action 'none'",
    ]);
    // Nothing that names another resource: no src, href, url() other than a fragment, @import.
    expect(html).not.toMatch(/\b(src|href|srcset|action|poster)\s*=/i);
    expect(html).not.toMatch(/url\((?!#)|@import|https?:/i);
    expect(html).toContain('<title>Flame graph</title>');
    expect(html).toMatch(/<label for="flamekit-search">Search<\/label><input id="flamekit-search"/);
    expect(html).toContain('<output id="flamekit-matches" aria-live="polite">');
    expect(html).toContain('<button id="flamekit-reset" type="button">Reset zoom</button>');
    expect(html).toMatch(
      /<canvas id="flamekit-canvas" tabindex="0" role="img" aria-label="[^"]+">/,
    );
    expect(html).not.toContain('left out');
    expect(html).not.toContain('class="legend"');
  });

  it('embeds every node of a real profile with its layout, colour and tooltip', () => {
    const tree = importProfile(
      readFixture('collapsed/pyroscope-io-java-async-profiler-cpu.txt'),
    ).tree();
    const data = readData(renderFlameGraphHtml(tree, { unit: 'samples' }));
    const expected = expectedNodes(tree);
    expect(pageNodes(data)).toEqual(expected.map(strip));
    const colorOf = createNodeColorLookup(tree, 'package');
    expect(data.fill).toEqual(expected.map(({ node }) => colorOf(node)));
    // Names once each; no value column (widths are the totals) and no diff marks.
    expect(new Set(data.strings).size).toBe(data.strings.length);
    expect(data.value).toBeUndefined();
    expect(data.mark).toBeUndefined();
    expect(data.settings).toMatchObject({ focus: 0, rowHeight: 18, orientation: 'flame' });
  });

  it('writes hand-made tooltips and the requested settings', () => {
    const tree = treeFromFolded('main;parse 1500000\nmain;emit 500000\nidle 2000000');
    const html = renderFlameGraphHtml(tree, {
      unit: 'nanoseconds',
      theme: 'dark',
      orientation: 'icicle',
      rowHeight: 20,
      textAlign: 'right',
      focus: findNodeByPath(tree, ['main']),
    });
    const data = readData(html);
    const tooltips = new Map(pageNodes(data).map((n) => [n.name, n.tooltip]));
    expect(Object.fromEntries(tooltips)).toEqual({
      all: 'all — 4 ms (100 %)',
      main: 'main — 2 ms (50.0 %)',
      parse: 'parse — 1.5 ms (37.5 %)',
      emit: 'emit — 500 µs (12.5 %)',
      idle: 'idle — 2 ms (50.0 %)',
    });
    // Nothing is left out, so the page's index of a node is the tree's.
    expect(data.settings).toMatchObject({
      focus: findNodeByPath(tree, ['main']),
      rowHeight: 20,
      orientation: 'icicle',
      textAlign: 'right',
      background: 0x0d1117,
    });
    expect(html).toContain('zoomed to main — 2 ms (50.0 %)');
  });

  it('merges frames narrower than 1e-5 of the root into "other" boxes, and says so', () => {
    // Root 1,000,000: the threshold is 10. tiny (9) and its child go; rest (10) stays.
    const tree = treeFromFolded('main;big 999981\nmain;tiny;deeper 9\nrest 10');
    const html = renderFlameGraphHtml(tree);
    const nodes = pageNodes(readData(html));
    expect(nodes.map((n) => n.name)).toEqual([
      'all',
      'main',
      'big',
      '[other ×1]',
      '[other ×1]',
      'rest',
    ]);
    // The merged boxes sit after main's kept children, as wide as what they stand for, one per
    // depth; rest still starts after main.
    expect(nodes.slice(3).map(({ depth, start, width }) => ({ depth, start, width }))).toEqual([
      { depth: 2, start: 999981, width: 9 },
      { depth: 3, start: 999981, width: 9 },
      { depth: 1, start: 999990, width: 10 },
    ]);
    expect(html).toContain(
      '2 of 6 frames are merged into “other” boxes to keep the page small: each was at most 0.0009 % of the whole graph wide.',
    );
  });

  it('keeps the maxNodes widest, ties to the earlier frame, so the kept frames stay one tree', () => {
    // Totals: all 18, a 10, b 5, c 5, d 5, e 3.
    const tree = treeFromFolded('a;b 5\na;c 5\nd 5\ne 3');
    const namesWith = (maxNodes: number) =>
      pageNodes(readData(renderFlameGraphHtml(tree, { maxNodes }))).map((n) => n.name);
    expect(namesWith(4)).toEqual(['all', 'a', 'b', 'c', '[other ×2]']);
    expect(namesWith(5)).toEqual(['all', 'a', 'b', 'c', 'd', '[other ×1]']);
    expect(namesWith(1)).toEqual(['all', '[other ×3]', '[other ×2]']);
    expect(namesWith(100)).toEqual(['all', 'a', 'b', 'c', 'd', 'e']);
    expect(renderFlameGraphHtml(tree, { maxNodes: 4 })).toContain(
      '2 of 6 frames are merged into “other” boxes to keep the page small: each was at most 28 % of the whole graph wide.',
    );
    for (const maxNodes of [0, 1.5, Number.NaN])
      expect(() => renderFlameGraphHtml(tree, { maxNodes })).toThrow(FlamekitError);
  });

  it('keeps the path to a focus that would be left out, to open zoomed to it', () => {
    const tree = treeFromFolded('a;b 5\na;c 5\nd 5\ne;f 3');
    const focus = findNodeByPath(tree, ['e', 'f']);
    const data = readData(renderFlameGraphHtml(tree, { maxNodes: 2, focus }));
    expect(pageNodes(data).map((n) => n.name)).toEqual([
      'all',
      'a',
      '[other ×2]',
      'e',
      'f',
      '[other ×1]',
    ]);
    expect(data.settings.focus).toBe(4);
  });

  it('keeps hostile names as text in the JSON and out of the markup', () => {
    const hostile = [
      '</script><img src=x onerror=alert(1)>',
      '<!--',
      '<script>',
      '</SCRIPT ><b>&amp',
      'q"\\',
    ];
    const tree = treeFromFolded(hostile.map((name, i) => `${name};leaf${i} ${i + 1}`).join('\n'));
    const html = renderFlameGraphHtml(tree, { title: '</title><script>alert(1)</script>' });
    expect(count(html, /<script/gi)).toBe(2);
    expect(count(html, /<\/script/gi)).toBe(2);
    expect(count(html, /<!--/g)).toBe(0);
    expect(html).not.toMatch(/<img|<b>/i);
    expect(markupOf(html)).toContain(
      '<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>',
    );
    const names = pageNodes(readData(html)).map((n) => n.name);
    for (const name of hostile) expect(names).toContain(name);
  });

  it('adds the legend, the marks and the totals of a diff', () => {
    const [before, after] = KAFKA_WINDOWS.map((path) => importProfile(readFixture(path)).tree());
    const tree = computeDiff(before, after);
    const html = renderFlameGraphHtml(tree, { unit: 'nanoseconds' });
    const data = readData(html);
    expect(html).toContain('<title>Diff flame graph</title>');
    expect(markupOf(html)).toMatch(
      /<svg class="legend"[^>]*><defs><linearGradient id="flamekit-ramp-/,
    );
    expect(data.depth).toHaveLength(tree.nodeCount); // every frame of this pair is wide enough
    const scale = createDiffColorScale(tree);
    const expectedMarks = Array.from({ length: tree.nodeCount }, (_, node) => {
      const change = scale.changeOf(node);
      return change === 'new' ? 1 : change === 'removed' ? 2 : 0;
    });
    expect(data.mark).toEqual(expectedMarks);
    expect(data.fill).toEqual(expectedMarks.map((_, node) => scale.colorOf(node)));
    // Widths mix both sides, so the search adds up the comparison's totals instead.
    expect(data.value).toEqual(Array.from(tree.total));
  });

  it('refuses a focus that does not exist', () => {
    expect(() => renderFlameGraphHtml(treeFromFolded('a 1'), { focus: 7 })).toThrow(FlamekitError);
  });
});
