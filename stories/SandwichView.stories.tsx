import type { Meta, StoryObj } from '@storybook/react-vite';
import { SandwichView } from '../src/react';
import { loadFixture } from './load-fixture';

const meta: Meta<typeof SandwichView> = {
  title: 'SandwichView',
  component: SandwichView,
  loaders: [async () => ({ profile: await loadFixture('pprof/go/google-pprof-large.cpu.pb.gz') })],
  render: (args, { loaded }) => <SandwichView {...args} profile={loaded.profile} />,
};
export default meta;
type Story = StoryObj<typeof SandwichView>;

export const Mallocgc: Story = { args: { defaultFunctionName: 'runtime.mallocgc' } };
