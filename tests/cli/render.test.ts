import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  computeDiff,
  createNodeColorLookup,
  formatShare,
  formatValue,
  importProfile,
} from '../../src/core';
import { renderFlameGraphHtml, renderFlameGraphSvg } from '../../src/render';
import { runCli } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import { decodePng } from '../helpers/decode-png';
import { expectedBoxes, expectedFill } from '../helpers/expected-boxes';
import { readFixture } from '../helpers/fixtures';

const ROOT = resolve(import.meta.dirname, '../..');
const KAFKA_BEFORE = 'collapsed/diff/jfr-parser-kafka-cpu-0.collapsed.txt.gz';
const KAFKA_AFTER = 'collapsed/diff/jfr-parser-kafka-cpu-1.collapsed.txt.gz';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flamekit-render-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(args: string[]) {
  const stderr: string[] = [];
  const io: CliIo = {
    stdout: { write: () => true },
    stderr: { write: (chunk) => stderr.push(String(chunk)) },
    cwd: ROOT,
  };
  return { code: await runCli(args, io), stderr: stderr.join('') };
}

const fixture = (path: string) => join(ROOT, 'tests/fixtures/profiles', path);
const load = (path: string) => importProfile(readFixture(path));

describe('flamekit render', () => {
  it('writes the SVG of the library for the same profile and options', async () => {
    const out = join(dir, 'cpu.svg');
    const { code } = await run(['render', fixture(KAFKA_AFTER), '-o', out, '--width', '900']);
    expect(code).toBe(0);
    // The collapsed windows hold sample counts (the unit the importer gives them: samples).
    const tree = load(KAFKA_AFTER).tree();
    const summary = `Total ${formatValue(tree.total[0], 'samples')} · samples (samples) · folded`;
    const expected = renderFlameGraphSvg(tree, {
      width: 900,
      unit: 'samples',
      title: 'jfr-parser-kafka-cpu-1.collapsed.txt.gz',
      summary,
    });
    expect(await readFile(out, 'utf8')).toBe(expected);
  });

  it("titles pictures with the input's name, total, unit, sample type and format", async () => {
    // As the explorer's status bar: "Total 10.8 s · cpu (nanoseconds) · pprof".
    const path = 'pprof/go/concourse-web-cpu-300s.pb.gz';
    const profile = load(path);
    const total = profile.tree().total[0];
    expect(total).toBeGreaterThan(1e9);
    const out = join(dir, 'titled.svg');
    expect((await run(['render', fixture(path), '-o', out])).code).toBe(0);
    const title = (await readFile(out, 'utf8')).match(/<g class="flamekit-title"[^]*?<\/g>/)![0];
    const texts = [...title.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => match[1]);
    expect(texts[0]).toBe('concourse-web-cpu-300s.pb.gz');
    // The total in seconds, computed here from the tree's nanoseconds.
    expect(texts[1]).toBe(
      `Total ${Number((total / 1e9).toPrecision(3))} s · cpu (nanoseconds) · pprof`,
    );
    // The PNG has the same line: the picture is taller by it, and dark ink is drawn in it.
    const png = join(dir, 'titled.png');
    expect((await run(['render', fixture(path), '-o', png, '--width', '800'])).code).toBe(0);
    const picture = await decodePng(await readFile(png));
    expect(picture.height).toBe(24 + (profile.tree().maxDepth + 1) * 18);
    let ink = 0;
    for (let x = 500; x < 800; x++)
      for (let y = 4; y < 20; y++) if (picture.pixel(x, y) < 0x808080) ink++;
    expect(ink).toBeGreaterThan(50);
  });

  it('draws the diff with --baseline, zoomed with --focus, in the dark theme', async () => {
    const out = join(dir, 'diff.svg');
    const args = ['render', fixture(KAFKA_AFTER), '--baseline', fixture(KAFKA_BEFORE)];
    const { code } = await run([
      ...args,
      '--focus',
      'java/lang/Thread.run:833',
      '--theme',
      'dark',
      '-o',
      out,
    ]);
    expect(code).toBe(0);
    const diff = computeDiff(load(KAFKA_BEFORE).tree(), load(KAFKA_AFTER).tree());
    let focus = -1;
    for (let node = 1; node < diff.nodeCount; node++)
      if (
        diff.name(node) === 'java/lang/Thread.run:833' &&
        (focus < 0 || diff.total[node] > diff.total[focus])
      )
        focus = node;
    expect(focus).toBeGreaterThan(0);
    const svg = await readFile(out, 'utf8');
    const [before, after] = [diff.baselineTotal![0], diff.total[0]];
    const change = `${after >= before ? '+' : ''}${formatValue(after - before, 'samples')}`;
    expect(svg).toBe(
      renderFlameGraphSvg(diff, {
        width: 1200,
        unit: 'samples',
        theme: 'dark',
        focus,
        title: 'jfr-parser-kafka-cpu-0.collapsed.txt.gz → jfr-parser-kafka-cpu-1.collapsed.txt.gz',
        summary:
          `Total ${formatValue(before, 'samples')} → ${formatValue(after, 'samples')} (${change})` +
          ` · samples (samples) · folded · zoomed to java/lang/Thread.run:833 (${formatShare(diff.total[focus] / after)})`,
      }),
    );
    expect(svg).toContain('<pattern'); // hatching of new and removed frames
  });

  it('draws a PNG: every box at its place and colour, at --scale', async () => {
    const out = join(dir, 'cpu.png');
    const { code } = await run(['render', fixture(KAFKA_AFTER), '-o', out, '--scale', '2']);
    expect(code).toBe(0);
    const tree = load(KAFKA_AFTER).tree();
    const { width, height, pixel } = await decodePng(await readFile(out));
    const rows = tree.maxDepth + 1;
    const titleHeight = 24; // the title line above the graph
    expect([width, height]).toEqual([2400, (titleHeight + rows * 18) * 2]);
    const colorOf = createNodeColorLookup(tree, 'package', { theme: 'light' });
    let checked = 0;
    for (const [key, { node, width: boxWidth }] of expectedBoxes(tree, tree.total, { rows })) {
      const [left, top] = key.split(',').map(Number);
      expect(pixel(2 * left + 1, 2 * (titleHeight + top) + 1), tree.name(node)).toBe(
        expectedFill(colorOf(node), boxWidth),
      );
      checked++;
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('writes the interactive HTML page of the library, with --format for stdout', async () => {
    const out = join(dir, 'cpu.html');
    const args = ['render', fixture(KAFKA_AFTER), '--title', 'Kafka <after>'];
    expect((await run([...args, '-o', out])).code).toBe(0);
    const expected = renderFlameGraphHtml(load(KAFKA_AFTER).tree(), {
      width: 1200,
      unit: 'samples',
      theme: 'light',
      title: 'Kafka <after>',
    });
    expect(await readFile(out, 'utf8')).toBe(expected);
    expect(expected).toContain('Kafka &lt;after&gt;');
    const chunks: Uint8Array[] = [];
    const io: CliIo = {
      stdout: { write: (chunk) => (chunks.push(chunk as Uint8Array), true) },
      stderr: { write: () => true },
      cwd: ROOT,
    };
    expect(await runCli([...args, '--format', 'html', '-o', '-'], io)).toBe(0);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(expected);
  });

  it('says when a PNG is drawn at a lower scale than asked, to stay within 16,384 px', async () => {
    const out = join(dir, 'wide.png');
    const { code, stderr } = await run([
      'render',
      fixture(KAFKA_AFTER),
      '-o',
      out,
      '--width',
      '10000',
      '--scale',
      '2',
    ]);
    expect(code).toBe(0);
    expect(stderr).toContain('drawn at 1.64 device px per px instead of 2');
    expect((await decodePng(await readFile(out))).width).toBe(16_384);
    // A 16,384 px picture drawn, encoded and decoded: seconds on a loaded machine, not a timing.
  }, 30_000);

  it('keeps markup in frame names inert', async () => {
    const input = join(dir, 'markup.folded');
    await writeFile(input, 'main;<script>alert(1)</script>;leaf 5\nmain;a&b 3\n');
    const out = join(dir, 'markup.svg');
    expect((await run(['render', input, '-o', out])).code).toBe(0);
    const svg = await readFile(out, 'utf8');
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('a&amp;b');
  });

  it('says what is wrong: an unknown function, a format it cannot write, a bad width', async () => {
    const unknown = await run([
      'render',
      fixture(KAFKA_AFTER),
      '--focus',
      'nope',
      '-o',
      join(dir, 'x.svg'),
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no frame is named "nope"');
    const gif = await run(['render', fixture(KAFKA_AFTER), '-o', join(dir, 'x.gif')]);
    expect(gif.code).toBe(2);
    expect(gif.stderr).toContain('name it *.svg, *.png or *.html, or give --format');
    const scale = await run(['render', fixture(KAFKA_AFTER), '--scale', '9', '-o', 'x.png']);
    expect(scale.code).toBe(2);
    expect(scale.stderr).toContain('--scale takes a ratio from 1 to 4, not 9');
    expect(
      (await run(['render', fixture(KAFKA_AFTER), '--width', '5', '-o', join(dir, 'x.svg')])).code,
    ).toBe(2);
    expect((await run(['render', '--help'])).code).toBe(0);
  });
});
