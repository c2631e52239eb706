import type { Meta, StoryObj } from '@storybook/react-vite';
import { fn } from 'storybook/test';
import { SandwichView } from '../src/react';
import { themeControls } from './controls';
import { loadFixture } from './load-fixture';

/**
 * A function seen from both sides, alone: its callers above, the function as the row that joins
 * the halves, its callees below, one search for both.
 */
const meta: Meta<typeof SandwichView> = {
  title: 'SandwichView',
  component: SandwichView,
  argTypes: {
    ...themeControls,
    height: { control: 'select', options: ['auto', 160, 260, 400] },
    colorScheme: { control: 'inline-radio', options: ['package', 'total', 'self'] },
    textAlign: { control: 'inline-radio', options: ['left', 'right'] },
    labelValue: { control: 'inline-radio', options: ['none', 'share', 'total'] },
  },
  args: { onFunctionNameChange: fn(), onSearchChange: fn() },
  loaders: [async () => ({ profile: await loadFixture('pprof/go/concourse-web-cpu-300s.pb.gz') })],
  render: (args, { loaded }) => <SandwichView {...args} profile={loaded.profile} />,
};
export default meta;
type Story = StoryObj<typeof SandwichView>;

/** Where a Go service reads TLS: who reads (the database driver, HTTP), and what reading costs. */
export const TlsReads: Story = {
  args: { defaultFunctionName: 'crypto/tls.(*Conn).Read', labelValue: 'share' },
};
/** Where the service decodes JSON, with the search marking the decoder's steps in both halves. */
export const WithSearch: Story = {
  args: {
    defaultFunctionName: 'encoding/json.Unmarshal',
    defaultSearch: { text: 'decodeState', mode: 'substring' },
  },
};
export const DarkTheme: Story = {
  args: { defaultFunctionName: 'runtime.mallocgc', theme: 'dark' },
};
