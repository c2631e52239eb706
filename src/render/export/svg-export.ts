import { colorToCss, computeLabelForms, type CallTree } from '../../core/index';
import {
  ITEM_STRIDE,
  LABEL_PADDING,
  createExportScene,
  type SvgExportOptions,
} from './export-scene';
import {
  describeDocument,
  escapeXml,
  formatCoordinate,
  hatchOverlay,
  hatchPattern,
  inkOn,
  parseFont,
  renderDiffLegend,
  renderTitleLine,
  stripNonXmlCharacters,
} from './svg-parts';
import { estimateTextWidth } from '../text-estimate';
import { fitLabel } from '../text-fit';

export type { SvgExportOptions } from './export-scene';

const MIN_MARK_WIDTH = 4;

/**
 * A flame graph as a standalone SVG document (a string; no DOM needed, so it runs in Node for the
 * command line): the same rows, colours, labels, faded ancestors of the zoomed node and diff
 * hatching as the canvas renderer, with no script and no external reference, so it opens in any
 * viewer.
 *
 * Each box is a `<rect>` whose `<title>` child (the tooltip viewers show) says
 * `name — value (share of the profile)`, or for a diff both sides and the change. Labels are cut
 * with an ellipsis by an estimated character width (see `CELL_WIDTH_EM`: there is no font to
 * measure) and clipped to their box by a nested `<svg>` viewport, so a wrong estimate never
 * spills. All profile text is escaped and stripped of characters XML cannot hold.
 *
 * Size: only boxes at least `minBoxWidth` wide are drawn one by one; narrower neighbours become
 * runs of whole pixels, so a row holds at most about `width` elements whatever the tree's size,
 * and the document at most rows × width elements of about 150 bytes each (a box with its title,
 * its label when it is wide). Measured at the default 1200 px: the Kafka CPU diff fixture (2,863
 * nodes) gives 590 KB; a Go CPU profile of 425,052 nodes, 375 KB; a Node.js profile of 90,090
 * nodes and 330 rows (long names), 4.1 MB, or 2.3 MB with `minBoxWidth: 4`. Time is dominated by
 * the layout, linear in the tree (0.3 s for 1.2 million nodes).
 *
 * Throws `FlamekitError` `'invalid-argument'` for bad options or a zoom node that does not
 * exist or has no width.
 */
export function renderFlameGraphSvg(tree: CallTree, options: SvgExportOptions = {}): string {
  const scene = createExportScene(tree, options);
  const { settings, rows, diffScale, titleHeight, graphHeight, height } = scene;
  const { theme, width, rowHeight, focus } = settings;
  const { size: fontSize, family } = parseFont(theme.font);
  const boxes: string[] = [];
  const marks: string[] = [];
  const labels: string[] = [];
  const boxHeight = Math.max(1, rowHeight - 1); // a pixel between rows
  const labelBaseline = formatCoordinate(boxHeight / 2 + fontSize * 0.35);
  const heightText = formatCoordinate(boxHeight);

  rows.forEach((items, row) => {
    const y = scene.rowY(row);
    const yText = formatCoordinate(y);
    for (let i = 0; i < items.length; i += ITEM_STRIDE) {
      const [node, left, boxWidth, fill, runCount] = items.slice(i, i + ITEM_STRIDE);
      const title =
        runCount > 1 ? `${runCount} frames too narrow to draw one by one` : scene.describe(node);
      boxes.push(
        `<rect x="${left}" y="${yText}" width="${boxWidth}" height="${heightText}" fill="${colorToCss(fill)}"><title>${escapeXml(title)}</title></rect>`,
      );
      if (runCount > 0) continue; // runs are never marked nor labelled: they are too narrow
      const ink = inkOn(fill, theme);
      const change = diffScale && boxWidth >= MIN_MARK_WIDTH ? diffScale.changeOf(node) : '';
      if (change === 'new' || change === 'removed')
        marks.push(hatchOverlay(change, ink, left, y, boxWidth, boxHeight));
      if (boxWidth < scene.labelMinWidth) continue;
      const text = fitLabel(
        computeLabelForms(stripNonXmlCharacters(tree.name(node))),
        scene.labelValueOf(node),
        boxWidth - 2 * LABEL_PADDING,
        (candidate) => estimateTextWidth(candidate, fontSize),
        settings.textAlign,
      );
      if (text) {
        labels.push(
          `<svg x="${left}" y="${yText}" width="${boxWidth}" height="${heightText}"><text x="${LABEL_PADDING}" y="${labelBaseline}" fill="${colorToCss(ink)}">${escapeXml(text)}</text></svg>`,
        );
      }
    }
  });

  const ink = inkOn(theme.background, theme);
  const parts: string[] = [];
  if (options.title !== undefined) {
    parts.push(renderTitleLine(options.title, scene.summary, { width, fontSize, ink }));
  }
  if (rows.length === 0) {
    const baseline = formatCoordinate(titleHeight + rowHeight / 2 + fontSize * 0.35);
    parts.push(`<text x="4" y="${baseline}" fill="${colorToCss(ink)}">No samples to draw.</text>`);
  }
  parts.push(`<g class="flamekit-boxes">${boxes.join('')}</g>`);
  let defs = '';
  if (diffScale) {
    const legendTop = titleHeight + graphHeight;
    const legend = renderDiffLegend(diffScale, {
      y: legendTop,
      width,
      fontSize,
      unit: settings.unit,
      theme,
    });
    // Both inks' patterns, whether or not a box uses them: four small elements.
    for (const hatchInk of new Set([theme.darkText, theme.lightText]))
      defs += hatchPattern('new', hatchInk) + hatchPattern('removed', hatchInk);
    defs += legend.defs;
    parts.push(`<g class="flamekit-marks" pointer-events="none">${marks.join('')}</g>`);
    parts.push(legend.markup);
  }
  parts.push(`<g class="flamekit-labels" pointer-events="none">${labels.join('')}</g>`);

  const name =
    options.title !== undefined ? options.title : diffScale ? 'Diff flame graph' : 'Flame graph';
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" font-family="${escapeXml(family)}" font-size="${fontSize}">` +
    `<title>${escapeXml(name)}</title>` +
    `<desc>${escapeXml(describeDocument(tree, focus, diffScale))}</desc>` +
    (defs ? `<defs>${defs}</defs>` : '') +
    `<rect width="${width}" height="${height}" fill="${colorToCss(theme.background)}"/>` +
    parts.join('') +
    `</svg>\n`
  );
}
