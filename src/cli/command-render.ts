import { FlamekitError, type CallTree, type NodeIndex } from '../core/index';
import { renderFlameGraphSvg } from '../render/svg-export';
import { readCount, UsageError, type Command, type ParsedArgs } from './args';
import { INPUT_FORMAT_OPTION, writeOutput, type CliIo } from './io';
import { readCommandTree } from './read-tree';

const DEFAULT_WIDTH = 1200;
const MAX_WIDTH = 20_000;

export const renderCommand: Command = {
  name: 'render',
  summary: 'draw a flame graph (or, with --baseline, a diff) to an SVG file',
  description: [
    'Draws the flame graph of a profile as a standalone SVG that opens in any browser or viewer:',
    'every box has a tooltip with its value, labels are cut to their boxes, and names from the',
    'profile are escaped. With --baseline it draws the diff of the baseline against the file,',
    'coloured by the change of each frame, new and removed frames hatched, with a legend.',
    '--focus zooms to a function: its heaviest call spans the width, its callers faded above it.',
    'This version writes SVG only (a name ending in .svg); PNG and HTML are not available yet.',
  ].join('\n'),
  arguments: [{ name: 'file', description: 'a profile in any format flamekit reads; - for stdin' }],
  options: [
    { name: 'output', short: 'o', value: 'file', description: 'the SVG to write (required), or -' },
    {
      name: 'sample-type',
      value: 'name|index',
      description: "the sample type to draw (default: the profile's)",
    },
    { name: 'baseline', value: 'file', description: 'draw the diff from this profile to the file' },
    { name: 'focus', value: 'function', description: 'zoom to the heaviest call of this function' },
    { name: 'width', value: 'px', description: `width in pixels (default ${DEFAULT_WIDTH})` },
    { name: 'theme', value: 'theme', choices: ['light', 'dark'], description: 'default light' },
    { name: 'title', value: 'text', description: 'a title line above the graph' },
    INPUT_FORMAT_OPTION,
  ],
  examples: [
    'flamekit render cpu.pb.gz -o cpu.svg',
    'flamekit render after.pb.gz --baseline before.pb.gz -o diff.svg',
    'flamekit render heap.pb.gz --sample-type inuse_space --focus main.load --theme dark -o heap.svg',
  ],
  run: runRender,
};

async function runRender(args: ParsedArgs, io: CliIo): Promise<void> {
  const output = args.values.get('output');
  if (output === undefined) throw new UsageError('render needs an output: -o <file>.svg');
  if (output !== '-' && !output.toLowerCase().endsWith('.svg')) {
    throw new UsageError(
      `cannot write ${output}: this version draws SVG only; name the output *.svg`,
    );
  }
  const width = readCount(args, 'width', DEFAULT_WIDTH);
  if (width < 100 || width > MAX_WIDTH) {
    throw new UsageError(`--width takes 100 to ${MAX_WIDTH} pixels, not ${width}`);
  }
  const { tree, sampleType } = await readCommandTree(args, io);
  const focusName = args.values.get('focus');
  const title = args.values.get('title');
  const svg = renderFlameGraphSvg(tree, {
    width,
    unit: sampleType.unit,
    theme: args.values.get('theme') === 'dark' ? 'dark' : 'light',
    ...(focusName !== undefined && { focus: heaviestNodeNamed(tree, focusName) }),
    ...(title !== undefined && { title }),
  });
  await writeOutput(output, new TextEncoder().encode(svg), io, { gzip: false });
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
