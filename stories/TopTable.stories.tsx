import type { Meta, StoryObj } from '@storybook/react-vite';
import { computeDiff } from '../src/core';
import { TopTable } from '../src/react';
import { loadFixture } from './load-fixture';

const meta: Meta<typeof TopTable> = {
  title: 'TopTable',
  component: TopTable,
  args: { height: 420 },
};
export default meta;
type Story = StoryObj<typeof TopTable>;

export const Basic: Story = {
  loaders: [async () => ({ profile: await loadFixture('pprof/go/google-pprof-large.cpu.pb.gz') })],
  render: (args, { loaded }) => <TopTable {...args} profile={loaded.profile} />,
};
/** Two CPU windows: baseline, comparison and deltas, largest increase first. */
export const Diff: Story = {
  loaders: [
    async () => ({
      tree: computeDiff(
        (await loadFixture('collapsed/diff/jfr-parser-kafka-cpu-0.collapsed.txt.gz')).tree(),
        (await loadFixture('collapsed/diff/jfr-parser-kafka-cpu-1.collapsed.txt.gz')).tree(),
      ),
    }),
  ],
  render: (args, { loaded }) => <TopTable {...args} tree={loaded.tree} unit="nanoseconds" />,
};
