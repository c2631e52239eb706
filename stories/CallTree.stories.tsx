import type { Meta, StoryObj } from '@storybook/react-vite';
import { fn } from 'storybook/test';
import { CallTree } from '../src/react';
import { tableControls } from './controls';
import { loadFixture } from './load-fixture';

/**
 * The call tree alone, top-down or bottom-up. Bottom-up, each function shows its own self and
 * total (as pprof and Chrome DevTools do); the callers under it, the function's self and total
 * through each caller.
 */
const meta: Meta<typeof CallTree> = {
  title: 'CallTree',
  component: CallTree,
  argTypes: {
    ...tableControls,
    mode: { control: 'inline-radio', options: ['top-down', 'bottom-up'] },
    search: { control: 'object' },
  },
  args: { height: 420, onSelectedPathChange: fn(), onModeChange: fn() },
  loaders: [async () => ({ profile: await loadFixture('pprof/go/concourse-web-cpu-300s.pb.gz') })],
  render: (args, { loaded }) => <CallTree {...args} profile={loaded.profile} />,
};
export default meta;
type Story = StoryObj<typeof CallTree>;

export const TopDown: Story = {};
export const BottomUp: Story = { args: { defaultMode: 'bottom-up' } };
/** Functions matching a search are marked (the explorer passes its search). */
export const SearchMatches: Story = {
  args: {
    search: { text: 'json', mode: 'substring' },
    defaultSelectedPath: ['net/http.(*conn).serve'],
  },
};
export const DarkTheme: Story = { args: { theme: 'dark', defaultMode: 'bottom-up' } };
