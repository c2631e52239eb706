import type { Meta, StoryObj } from '@storybook/react-vite';
import { CallTree } from '../src/react';
import { loadFixture } from './load-fixture';

const meta: Meta<typeof CallTree> = {
  title: 'CallTree',
  component: CallTree,
  args: { height: 420 },
  loaders: [async () => ({ profile: await loadFixture('pprof/go/google-pprof-large.cpu.pb.gz') })],
  render: (args, { loaded }) => <CallTree {...args} profile={loaded.profile} />,
};
export default meta;
type Story = StoryObj<typeof CallTree>;

export const TopDown: Story = {};
export const BottomUp: Story = { args: { defaultMode: 'bottom-up' } };
