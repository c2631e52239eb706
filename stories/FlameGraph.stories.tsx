import type { Meta, StoryObj } from '@storybook/react-vite';
import { fn } from 'storybook/test';
import { FlameGraph } from '../src/react';
import { graphControls } from './controls';
import { generateTree } from './generated-profile';
import { loadFixture } from './load-fixture';
import { nodeAction } from './node-action';
import { embedCode } from './embed-code';

/**
 * `<FlameGraph>` on real profiles: one story per scenario and per input format, at the default
 * `height="auto"` (as tall as the rows, up to `maxHeight`). Try the theme, orientation, colours,
 * label alignment and height in Controls; clicks, hovers and right clicks show in Actions.
 */
const meta: Meta<typeof FlameGraph> = {
  title: 'FlameGraph',
  component: FlameGraph,
  argTypes: graphControls,
  args: {
    onNodeClick: nodeAction('onNodeClick'),
    onNodeHover: nodeAction('onNodeHover'),
    onNodeContextMenu: nodeAction('onNodeContextMenu'),
    onZoomPathChange: fn(),
    onSelectedPathChange: fn(),
    onSearchChange: fn(),
  },
};
export default meta;
type Story = StoryObj<typeof FlameGraph>;

/** A story showing the fixture at `path` (tests/fixtures/profiles). */
const fixtureStory = (path: string, args: Story['args'] = {}): Story => ({
  args,
  loaders: [async () => ({ profile: await loadFixture(path) })],
  render: (storyArgs, { loaded }) => <FlameGraph {...storyArgs} profile={loaded.profile} />,
  parameters: { docs: { source: { code: embedCode('FlameGraph', path, args) } } },
});

export const Basic = fixtureStory('collapsed/speedscope-perf-vertx-stacks-01-collapsed-all.txt');
export const Icicle = fixtureStory('collapsed/speedscope-perf-vertx-stacks-01-collapsed-all.txt', {
  defaultOrientation: 'icicle',
});
export const Search = fixtureStory('collapsed/speedscope-perf-vertx-stacks-01-collapsed-all.txt', {
  defaultSearch: { text: 'vertx', mode: 'substring' },
});
export const DarkTheme = fixtureStory('pprof/go/concourse-web-cpu-300s.pb.gz', { theme: 'dark' });
/**
 * Themed by the host's stylesheet alone: `.host-theme { --flamekit-bg: …; --flamekit-fg: …; … }`
 * recolours the toolbar, the canvas's background, labels and outlines, and picks the dark boxes.
 */
export const HostStylesheet: Story = {
  ...fixtureStory('pprof/go/concourse-web-cpu-300s.pb.gz', { className: 'host-theme' }),
  decorators: [
    (Story) => (
      <div>
        <style>{`.host-theme {
          --flamekit-bg: #1d1a2b; --flamekit-fg: #efe9ff; --flamekit-muted: #b3a9d6;
          --flamekit-border: #4a4170; --flamekit-panel: #2a2540; --flamekit-accent: #ff9f43;
          --flamekit-color-scheme: dark; padding: 8px; border-radius: 8px;
        }`}</style>
        {Story()}
      </div>
    ),
  ],
};
export const NarrowContainer: Story = {
  ...fixtureStory('pprof/go/google-pprof-large.cpu.pb.gz'),
  decorators: [(Story) => <div style={{ width: 320 }}>{Story()}</div>],
};

/** About a million nodes, generated in the page (left out of the Docs page, which shows every story). */
export const GeneratedMillionNodes: Story = {
  tags: ['!autodocs'],
  loaders: [async () => ({ tree: generateTree(1_000_000) })],
  render: (args, { loaded }) => <FlameGraph {...args} tree={loaded.tree} unit="samples" />,
};

/**
 * A graph on a page that scrolls: a plain wheel scrolls the page (and the graph's hidden rows),
 * Ctrl/⌘ + wheel zooms, Shift + wheel pans; a hint says so the first time.
 */
export const OnAScrollingPage: Story = {
  ...fixtureStory('collapsed/pyroscope-io-dotnet-deep.txt', {
    maxHeight: 300,
    labelValue: 'share',
  }),
  decorators: [
    (Story) => (
      <div>
        <p style={{ height: 400 }}>Scroll down: the graph lets the page scroll past it.</p>
        {Story()}
        <p style={{ height: 800 }}>The page goes on below the graph.</p>
      </div>
    ),
  ],
};

/** No profile yet: the graph says so instead of drawing a blank. */
export const Empty: Story = { args: { tree: undefined } };

export const Pprof = fixtureStory('pprof/go/google-pprof-large.cpu.pb.gz');
/** A heap profile with four sample types; this one shows `inuse_space`. */
export const PprofSampleType = fixtureStory('pprof/go/ddtrace-big-heap.pprof', {
  sampleType: 'inuse_space',
});
export const Folded = fixtureStory('collapsed/pyroscope-io-java-async-profiler-cpu.txt');
export const Speedscope = fixtureStory('speedscope/evented-simple.speedscope.json');
export const ChromeCpuProfile = fixtureStory(
  'chrome-cpuprofile/speedscope-chrome65-sucrase.cpuprofile',
);
export const ChromeTrace = fixtureStory('chrome-trace/lighthouse-cpu-profiler-m86.trace.json');
export const PerfScript = fixtureStory('perf-script/flamegraph-perf-java-stacks-01.txt');
export const Firefox = fixtureStory('firefox/samply-ls-linux.processed.json');
export const Flamebearer = fixtureStory('flamebearer/pyroscope-io-nodejs-frontend-cpu-large.json');
export const GrafanaNestedSet = fixtureStory(
  'grafana-nested-set/grafana-flamegraph-dataNestedSet.json',
);
export const D3FlameGraph = fixtureStory('d3-flamegraph-json/d3-flame-graph-stacks.json');
