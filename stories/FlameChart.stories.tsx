import type { Meta, StoryObj } from '@storybook/react-vite';
import { FlameChart, ProfileExplorer } from '../src/react';
import { generateRecording } from './generated-recording';
import { loadFixture } from './load-fixture';
import { embedCode } from './embed-code';

/**
 * `<FlameChart>` on real recordings: what ran when, a lane per thread. Ctrl/⌘ + wheel zooms,
 * drag pans, drag across the time axis (or brush the strip above) to see a range's flame graph.
 */
const meta: Meta<typeof FlameChart> = {
  title: 'FlameChart',
  component: FlameChart,
};
export default meta;
type Story = StoryObj<typeof FlameChart>;

/** A story showing the fixture at `path` (tests/fixtures/profiles). */
const fixtureStory = (path: string, args: Story['args'] = {}): Story => ({
  args,
  loaders: [async () => ({ profile: await loadFixture(path) })],
  render: (storyArgs, { loaded }) => <FlameChart {...storyArgs} profile={loaded.profile} />,
  parameters: { docs: { source: { code: embedCode('FlameChart', path, args) } } },
});

/**
 * Lighthouse's trace of a page load (Chrome's trace events): the renderer's main thread first,
 * then the compositor, the parser, the GPU process and the browser, each thread a lane.
 */
export const ChromePageLoad = fixtureStory('chrome-trace/lighthouse-load.trace.json');

/** `node --cpu-prof` of a small Node program: one lane of JavaScript samples. */
export const NodeCpuProfile = fixtureStory(
  'chrome-cpuprofile/firefox-profiler-node-hello.cjs.cpuprofile',
);

/**
 * A DevTools recording with several threads: the main thread's JavaScript samples beside its
 * trace events, the compositor, IO and worker threads, and the browser process.
 */
export const MultiThreadedTrace = fixtureStory(
  'chrome-trace/speedscope-chrome116-Trace-20230603.json',
);

/** A range selected from the start: its merged flame graph shows below the chart. */
export const WithASelectedRange = fixtureStory(
  'chrome-trace/speedscope-chrome116-Trace-20230603.json',
  { defaultSelection: { start: 40e6, end: 140e6 }, defaultView: { start: 30e6, end: 160e6 } },
);

/** A Firefox Profiler recording of a native program's six threads (samply). */
export const FirefoxThreads = fixtureStory(
  'firefox/firefox-profiler-unsymbolicated.processed.json',
);

/** `perf script` of a program that forks: a lane per process and thread. */
export const PerfScript = fixtureStory('perf-script/speedscope-forks.linux-perf.txt');

/** A speedscope file's evented profile: every call a box of its own. */
export const SpeedscopeEvented = fixtureStory('speedscope/evented-simple.speedscope.json');

export const DarkTheme = fixtureStory('chrome-trace/lighthouse-load.trace.json', {
  theme: 'dark',
  style: { background: '#0d1117', padding: 12 },
});

export const Search = fixtureStory('chrome-trace/lighthouse-load.trace.json', {
  defaultSearch: { text: 'Layout', mode: 'substring' },
});

/** A million samples on eight threads, generated in the page (left out of the Docs page, which shows every story). */
export const GeneratedMillionSamples: Story = {
  tags: ['!autodocs'],
  loaders: [async () => ({ timeOrder: generateRecording(1_000_000) })],
  render: (args, { loaded }) => <FlameChart {...args} timeOrder={loaded.timeOrder} />,
};

/** The explorer offers the chart as a view for a profile with a time order. */
export const InTheExplorer: StoryObj<typeof ProfileExplorer> = {
  loaders: [
    async () => ({
      profile: await loadFixture('chrome-trace/speedscope-chrome116-Trace-20230603.json'),
    }),
  ],
  render: (_, { loaded }) => (
    <ProfileExplorer profile={loaded.profile} defaultState={{ view: 'flame-chart' }} />
  ),
};
