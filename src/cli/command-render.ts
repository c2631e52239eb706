import { basename } from 'node:path';
import {
  FlamekitError,
  formatShare,
  formatValue,
  type CallTree,
  type NodeIndex,
  type Profile,
  type SampleType,
} from '../core/index';
import type { SvgExportOptions } from '../render/export/export-scene';
import { renderFlameGraphHtml } from '../render/export/html-export';
import { drawFlameGraphImage } from '../render/export/image-export';
import { renderFlameGraphSvg } from '../render/export/svg-export';
import { readCount, UsageError, type ParsedArgs } from './args';
import type { Command } from './command';
import { IMPORT_OPTIONS, writeOutput, type CliIo } from './io';
import { loadNodeCanvas } from './node-canvas';
import { SERVER_OPTIONS } from './read-server';
import { readCommandTree } from './read-tree';

const DEFAULT_WIDTH = 1200;
const MAX_WIDTH = 20_000;
const FORMATS = ['svg', 'png', 'html'] as const;
type PictureFormat = (typeof FORMATS)[number];

export const renderCommand: Command = {
  name: 'render',
  summary: 'draw a flame graph (or, with --baseline, a diff) to SVG, PNG or interactive HTML',
  description: [
    "Draws the flame graph of a profile. The output's extension picks the format (or --format):",
    '  .svg   a standalone SVG for any viewer, with a tooltip on every box;',
    '  .png   a picture at --scale device pixels per pixel, drawn with @napi-rs/canvas or',
    '         node-canvas, whichever is installed (npm install @napi-rs/canvas);',
    '  .html  one self-contained page, no network, with zoom, search and tooltips.',
    'Names from the profile are escaped. With --baseline it draws the diff of the baseline',
    'against the file, coloured by the change of each frame, new and removed frames hatched,',
    'with a legend. --focus zooms to a function: its heaviest call spans the width, its',
    'callers faded above it.',
    '',
    'With --pyroscope, reads instead the merged flame graph of --query over --from..--until from',
    'a Grafana Pyroscope server (or its Grafana data-source proxy URL), cut by the server to',
    '--max-nodes; with --baseline-from and --baseline-until, the diff of that range against it.',
    '',
    "A title line names the input (or --title) and, as the explorer's status bar, gives the",
    'total with its unit, the sample type and the format.',
  ].join('\n'),
  arguments: [
    {
      name: 'file',
      description: 'a profile in any format flamekit reads; - for stdin (not with --pyroscope)',
      unlessOption: 'pyroscope',
    },
  ],
  options: [
    {
      name: 'output',
      short: 'o',
      value: 'file',
      description: 'the .svg, .png or .html to write (required), or - for stdout',
    },
    {
      name: 'format',
      value: 'format',
      choices: [...FORMATS],
      description: "default: the output's extension; svg for -",
    },
    {
      name: 'sample-type',
      value: 'name|index',
      description: "the sample type to draw (default: the profile's)",
    },
    { name: 'baseline', value: 'file', description: 'draw the diff from this profile to the file' },
    { name: 'focus', value: 'function', description: 'zoom to the heaviest call of this function' },
    { name: 'width', value: 'px', description: `width in pixels (default ${DEFAULT_WIDTH})` },
    { name: 'theme', value: 'theme', choices: ['light', 'dark'], description: 'default light' },
    {
      name: 'title',
      value: 'text',
      description: "the title line's text (default: the input's file name)",
    },
    { name: 'scale', value: 'ratio', description: 'PNG pixels per pixel, 1 to 4 (default 1)' },
    ...IMPORT_OPTIONS,
    ...SERVER_OPTIONS,
  ],
  examples: [
    'flamekit render cpu.pb.gz -o cpu.svg',
    'flamekit render cpu.pb.gz -o cpu.png --scale 2',
    'flamekit render cpu.pb.gz -o cpu.html --title "checkout, 10:00"',
    'flamekit render after.pb.gz --baseline before.pb.gz -o diff.svg',
    'flamekit render heap.pb.gz --sample-type inuse_space --focus main.load --theme dark -o heap.svg',
    'flamekit render --pyroscope http://pyroscope:4040 --query \'memory:alloc_space:bytes:space:bytes{service_name="api"}\' --from 2026-11-23T09:00:00Z --until 2026-11-23T10:00:00Z -o api.svg',
  ],
  run: runRender,
};

async function runRender(args: ParsedArgs, io: CliIo): Promise<void> {
  const output = args.values.get('output');
  if (output === undefined)
    throw new UsageError('render needs an output: -o <file>.svg|.png|.html');
  const format = pictureFormat(output, args.values.get('format'));
  const width = readCount(args, 'width', DEFAULT_WIDTH);
  if (width < 100 || width > MAX_WIDTH) {
    throw new UsageError(`--width takes 100 to ${MAX_WIDTH} pixels, not ${width}`);
  }
  const scale = Number(args.values.get('scale') ?? 1);
  if (!(scale >= 1 && scale <= 4)) {
    throw new UsageError(`--scale takes a ratio from 1 to 4, not ${args.values.get('scale')}`);
  }
  // PNG needs an optional canvas package: found before the profile is read, so a missing
  // package is reported at once, not after a large file has been parsed.
  const nodeCanvas = format === 'png' ? await loadNodeCanvas() : undefined;
  const { tree, sampleType, profile } = await readCommandTree(args, io);
  const focusName = args.values.get('focus');
  const focus = focusName !== undefined ? heaviestNodeNamed(tree, focusName) : 0;
  const options: SvgExportOptions = {
    width,
    unit: sampleType.unit,
    theme: args.values.get('theme') === 'dark' ? 'dark' : 'light',
    ...(focus > 0 && { focus }),
    title: args.values.get('title') ?? describeInput(args),
    // The HTML page's summary follows its zoom; the pictures say what they show once.
    ...(format !== 'html' && { summary: describePicture(tree, sampleType, profile, focus) }),
  };
  let data: string | Uint8Array;
  if (nodeCanvas) {
    const canvas = nodeCanvas.createCanvas(1, 1);
    const drawn = drawFlameGraphImage(canvas, tree, { ...options, pixelRatio: scale });
    if (drawn.pixelRatio < scale) {
      // Kept within what browsers can open (16,384 px a side): say so rather than surprise.
      io.stderr.write(
        `flamekit: note: the picture is ${drawn.width} x ${drawn.height} px, drawn at ${drawn.pixelRatio.toFixed(2)} device px per px instead of ${scale} to stay within 16384 px a side; use a smaller --width or --scale, or SVG\n`,
      );
    }
    data = canvas.toBuffer('image/png');
  } else {
    const text =
      format === 'html' ? renderFlameGraphHtml(tree, options) : renderFlameGraphSvg(tree, options);
    // As text, so that a terminal gets it escaped: names may hold control characters.
    data = text;
  }
  await writeOutput(output, data, io, { gzip: false });
}

/**
 * The input's file name (and the baseline's, for a diff), or a server's query, for the title
 * line.
 */
function describeInput(args: ParsedArgs): string {
  const server = args.values.get('pyroscope');
  if (server !== undefined) return args.values.get('query') ?? server;
  const nameOf = (file: string) => (file === '-' ? 'standard input' : basename(file));
  const [file] = args.positionals;
  const baseline = args.values.get('baseline');
  return baseline === undefined ? nameOf(file) : `${nameOf(baseline)} → ${nameOf(file)}`;
}

/**
 * What the explorer's status bar says of a profile: `Total 10.8 s · cpu (nanoseconds) · pprof`;
 * for a diff both totals and the change; then the zoom, when there is one.
 */
function describePicture(
  tree: CallTree,
  sampleType: SampleType,
  profile: Profile | undefined,
  focus: NodeIndex,
): string {
  const value = (v: number) => formatValue(v, sampleType.unit);
  const total =
    tree.baselineTotal !== undefined
      ? `Total ${value(tree.baselineTotal[0])} → ${value(tree.total[0])} (${tree.total[0] >= tree.baselineTotal[0] ? '+' : ''}${value(tree.total[0] - tree.baselineTotal[0])})`
      : `Total ${value(tree.total[0])}`;
  // A server's answer has no file format: it comes from Pyroscope.
  const parts = [total, `${sampleType.type} (${sampleType.unit})`, profile?.format ?? 'pyroscope'];
  if (focus > 0) {
    const share = tree.total[0] !== 0 ? tree.total[focus] / tree.total[0] : 0;
    parts.push(`zoomed to ${tree.name(focus)} (${formatShare(share)})`);
  }
  return parts.join(' · ');
}

/** The format asked for with --format, else the one the output's extension names. */
function pictureFormat(output: string, asked: string | undefined): PictureFormat {
  if (asked !== undefined) return asked as PictureFormat; // the parser checked the choices
  if (output === '-') return 'svg';
  const extension = /\.([a-z]+)$/i.exec(output)?.[1]?.toLowerCase();
  if (extension === 'htm') return 'html';
  const known = FORMATS.find((format) => format === extension);
  if (!known) {
    throw new UsageError(
      `cannot tell what to draw into ${output}: name it *.svg, *.png or *.html, or give --format`,
    );
  }
  return known;
}

/** The node of `name` with the largest total: the call a zoom to that function shows. */
function heaviestNodeNamed(tree: CallTree, name: string): NodeIndex {
  let best = -1;
  for (let node = 1; node < tree.nodeCount; node++)
    if (tree.name(node) === name && (best < 0 || tree.total[node] > tree.total[best])) best = node;
  if (best < 0) {
    throw new FlamekitError(
      'invalid-argument',
      `no frame is named ${JSON.stringify(name)}; \`flamekit top\` lists the function names`,
    );
  }
  return best;
}
