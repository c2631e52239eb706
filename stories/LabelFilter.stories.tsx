import type { Meta, StoryObj } from '@storybook/react-vite';
import { fn } from 'storybook/test';
import { LabelFilter } from '../src/react';
import { themeControls } from './controls';
import { generatedDay } from './series-fixtures';

/** Matchers built from the labels of a generated day of profiles. */
const meta: Meta<typeof LabelFilter> = {
  title: 'LabelFilter',
  component: LabelFilter,
  argTypes: themeControls,
  args: { onChange: fn() },
  loaders: [async () => ({ labels: generatedDay().labels() })],
  render: (args, { loaded }) => <LabelFilter {...args} labels={loaded.labels} />,
};
export default meta;
type Story = StoryObj<typeof LabelFilter>;

export const Empty: Story = {};
export const WithMatchers: Story = {
  args: {
    defaultMatchers: [
      { name: 'service', op: '=~', value: 'api|checkout' },
      { name: 'region', op: '!=', value: 'eu' },
    ],
  },
};
export const DarkTheme: Story = { args: { theme: 'dark' } };
