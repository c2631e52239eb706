import type { Meta, StoryObj } from '@storybook/react-vite';
import { ProfileExplorer } from '../src/react';
import { ExportAndShare as ExportAndShareHost } from './ExportAndShare';
import { fixtureBytes } from './load-fixture';

/** The explorer on a file's bytes, imported inside the component. */
const meta: Meta<typeof ProfileExplorer> = {
  title: 'ProfileExplorer',
  component: ProfileExplorer,
  args: { height: 480 },
};
export default meta;
type Story = StoryObj<typeof ProfileExplorer>;

const fileStory = (path: string, args: Story['args'] = {}): Story => ({
  args,
  loaders: [async () => ({ input: await fixtureBytes(path) })],
  render: (storyArgs, { loaded }) => <ProfileExplorer {...storyArgs} input={loaded.input} />,
});

export const Default = fileStory('pprof/go/google-pprof-large.cpu.pb.gz');
/** A heap profile: the toolbar offers its four sample types. */
export const SeveralSampleTypes = fileStory('pprof/go/ddtrace-big-heap.pprof');
export const Sandwich = fileStory('pprof/go/google-pprof-large.cpu.pb.gz', {
  defaultState: { view: 'sandwich', sandwich: 'runtime.mallocgc' },
});
export const CallTreeView = fileStory('pprof/go/google-pprof-large.cpu.pb.gz', {
  defaultState: { view: 'call-tree' },
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
/** A file that is not a profile: the explorer says why instead of showing a blank. */
export const ImportError = fileStory('README.md');
/**
 * The Export menu and a share string: the host keeps the state, shows it encoded (as it would put
 * it in the URL) and lists the exported files instead of downloading them.
 */
export const ExportAndShare: Story = {
  loaders: [async () => ({ input: await fixtureBytes('pprof/go/google-pprof-large.cpu.pb.gz') })],
  render: (_args, { loaded }) => <ExportAndShareHost input={loaded.input} />,
};
