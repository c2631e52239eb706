import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { fn } from 'storybook/test';
import { ProfileExplorer, type ProfileInput } from '../src/react';
import { createProfileImporter } from '../src/worker/client';
import { ExportAndShare as ExportAndShareHost } from './ExportAndShare';
import { HostControls as HostControlsHost } from './HostControls';
import { themeControls } from './controls';
import { fixtureBytes } from './load-fixture';
import { nodeAction } from './node-action';

/**
 * The explorer on a file's bytes, imported inside the component (in flamekit's own Web Worker,
 * with its progress in place). Its height is the default `'auto'`: the graph as tall as its rows,
 * up to 600 px. The node events and state changes show in the Actions panel.
 */
const meta: Meta<typeof ProfileExplorer> = {
  title: 'ProfileExplorer',
  component: ProfileExplorer,
  argTypes: {
    ...themeControls,
    height: { control: 'select', options: ['auto', 320, 480, 640] },
    maxHeight: { control: { type: 'number', min: 200, max: 2000, step: 50 } },
    labelValue: { control: 'inline-radio', options: ['none', 'share', 'total'] },
  },
  args: {
    onNodeClick: nodeAction('onNodeClick'),
    onNodeContextMenu: nodeAction('onNodeContextMenu'),
    onStateChange: fn(),
  },
};
export default meta;
type Story = StoryObj<typeof ProfileExplorer>;

const fileStory = (path: string, args: Story['args'] = {}): Story => ({
  args,
  loaders: [async () => ({ input: await fixtureBytes(path) })],
  render: (storyArgs, { loaded }) => <ProfileExplorer {...storyArgs} input={loaded.input} />,
});

/**
 * A real service: five minutes of CPU of a Concourse CI web node (a Go program), as its authors
 * committed it for profile-guided optimisation. Builds run on the left, the scheduler and the
 * API in the middle, the garbage collector on the right.
 */
export const GoServiceCpu = fileStory('pprof/go/concourse-web-cpu-300s.pb.gz');
/** pprof's own large test profile: 23,000 generated functions on random paths. */
export const ManyFunctions = fileStory('pprof/go/google-pprof-large.cpu.pb.gz');
/** A heap profile: the toolbar offers its four sample types. */
export const SeveralSampleTypes = fileStory('pprof/go/ddtrace-big-heap.pprof');
/** The sandwich of the function that reads from the network: its callers above, its callees below. */
export const Sandwich = fileStory('pprof/go/concourse-web-cpu-300s.pb.gz', {
  defaultState: { view: 'sandwich', sandwich: 'internal/runtime/syscall.Syscall6' },
});
/** The call tree, with the search's matches marked; "next match" expands the tree to each. */
export const CallTreeView = fileStory('pprof/go/concourse-web-cpu-300s.pb.gz', {
  defaultState: { view: 'call-tree', search: { text: 'json', mode: 'substring' } },
});
/** A comparison profile (two-count folded): the explorer shows the diff. */
export const Comparison: Story = {
  render: (args) => (
    <ProfileExplorer
      {...args}
      input={
        'main;parse;lex 30 20\nmain;parse 10 12\nmain;render 40 55\nmain;gc 0 9\nmain;legacy 7 0'
      }
    />
  ),
};
/**
 * A `perf script` of several threads: the Thread picker (in More below 1,560 px) lists All
 * threads and each `comm pid/tid`; the whole is counted as stackcollapse-perf counts it.
 */
export const Threads = fileStory('perf-script/speedscope-forks.linux-perf.txt');
/** A Firefox profile opens on its main thread, as the Firefox Profiler does; the others a pick away. */
export const FirefoxThreads = fileStory('firefox/firefox-profiler-processed-3.json', {
  defaultState: { profile: 'Compositor' },
});
/** A file that is not a profile: the explorer says why instead of showing a blank. */
export const ImportError = fileStory('README.md');
/** The host holds the state, logs node events and drives the explorer through its ref. */
export const HostControls: Story = {
  loaders: [async () => ({ input: await fixtureBytes('pprof/go/google-pprof-large.cpu.pb.gz') })],
  render: (_args, { loaded }) => <HostControlsHost input={loaded.input} />,
};
/** The explorer imports in the host's own Web Worker (an `importer`) and shows its progress. */
export const ImportInAWorker: Story = {
  loaders: [
    async () => ({
      input: await fixtureBytes('flamebearer/pyroscope-io-nodejs-frontend-cpu-large.json'),
    }),
  ],
  render: (_args, { loaded }) => <WorkerExplorer input={loaded.input} />,
};
/** Narrow: the toolbar's secondary controls are in "More", "Both" shows the graph alone. */
export const Narrow: Story = {
  ...fileStory('pprof/go/google-pprof-large.cpu.pb.gz', { defaultState: { view: 'both' } }),
  decorators: [(Story) => <div style={{ maxWidth: 700 }}>{Story()}</div>],
};

function WorkerExplorer({ input }: { input: ProfileInput }) {
  const [importer] = useState(() =>
    createProfileImporter(
      new Worker(new URL('../src/worker/worker-script.ts', import.meta.url), { type: 'module' }),
    ),
  );
  return <ProfileExplorer input={input} importer={importer} />;
}

/**
 * The Export menu and a share string: the host keeps the state, shows it encoded (as it would put
 * it in the URL) and lists the exported files instead of downloading them.
 */
export const ExportAndShare: Story = {
  loaders: [async () => ({ input: await fixtureBytes('pprof/go/google-pprof-large.cpu.pb.gz') })],
  render: (_args, { loaded }) => <ExportAndShareHost input={loaded.input} />,
};
