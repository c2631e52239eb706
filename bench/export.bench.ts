import { computeDiff, treeFromFolded } from '../src/core';
import { drawFlameGraphImage, renderFlameGraphHtml, renderFlameGraphSvg } from '../src/render';
import { loadNodeCanvas } from '../src/cli/node-canvas';
import { changeStacks } from './diff.bench';
import { formatMs, printTable, timeMs } from './measure';
import { buildSyntheticTree, generateStacks } from './synthetic-profile';

/**
 * The exports of a synthetic tree at each size, at the default 1200 px: the SVG and HTML strings,
 * and the PNG drawn at pixel ratio 1 and 2 and encoded, on the canvas package the command line
 * loads (printed in the title). Sizes are of the file written. The diff row exports the diff of
 * the largest size.
 */
export async function benchExport(sizes: number[]): Promise<void> {
  const { name: canvasPackage, createCanvas } = await loadNodeCanvas();
  const warm = treeFromFolded('a;b 1\na;c 2');
  for (let k = 0; k < 3; k++) {
    renderFlameGraphSvg(warm);
    renderFlameGraphHtml(warm);
  }
  const rows: (string | number)[][] = [];
  const measure = (label: string, tree: ReturnType<typeof buildSyntheticTree>) => {
    let svg = '';
    let html = '';
    let png: Uint8Array = new Uint8Array();
    let png2: Uint8Array = new Uint8Array();
    const svgMs = timeMs(() => (svg = renderFlameGraphSvg(tree)));
    const htmlMs = timeMs(() => (html = renderFlameGraphHtml(tree)));
    const draw = (ratio: number) => {
      const canvas = createCanvas(1, 1);
      drawFlameGraphImage(canvas, tree, { pixelRatio: ratio });
      return canvas.toBuffer('image/png');
    };
    const pngMs = timeMs(() => (png = draw(1)));
    const png2Ms = timeMs(() => (png2 = draw(2)));
    const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
    rows.push([
      label,
      formatMs(svgMs),
      mb(svg.length),
      formatMs(htmlMs),
      mb(html.length),
      formatMs(pngMs),
      mb(png.length),
      formatMs(png2Ms),
      mb(png2.length),
    ]);
  };
  for (const size of sizes) {
    const tree = buildSyntheticTree(generateStacks(size));
    measure(tree.nodeCount.toLocaleString('en-US'), tree);
  }
  const stacks = generateStacks(sizes.at(-1)!);
  const diff = computeDiff(buildSyntheticTree(stacks), buildSyntheticTree(changeStacks(stacks)));
  measure(`diff of ${diff.nodeCount.toLocaleString('en-US')}`, diff);
  printTable(
    `Export at 1200 px (median of 3): SVG, HTML (at most 200,000 frames), PNG at ratio 1 and 2 (${canvasPackage})`,
    ['nodes', 'SVG ms', 'size', 'HTML ms', 'size', 'PNG ×1 ms', 'size', 'PNG ×2 ms', 'size'],
    rows,
  );
}
