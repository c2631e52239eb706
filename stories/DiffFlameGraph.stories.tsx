import type { Meta, StoryObj } from '@storybook/react-vite';
import { fn } from 'storybook/test';
import { DiffFlameGraph } from '../src/react';
import { graphControls } from './controls';
import { loadFixture } from './load-fixture';
import { nodeAction } from './node-action';

/** Two consecutive 10 s CPU windows of a Kafka pod, compared; one story per colour mode. */
const meta: Meta<typeof DiffFlameGraph> = {
  title: 'DiffFlameGraph',
  component: DiffFlameGraph,
  argTypes: {
    ...graphControls,
    colorMode: { control: 'inline-radio', options: ['relative', 'absolute', 'self'] },
    palette: { control: 'inline-radio', options: ['default', 'colorblind'] },
    widthMode: { control: 'inline-radio', options: ['both', 'comparison', 'baseline'] },
  },
  args: { height: 480, onNodeClick: nodeAction('onNodeClick'), onColorModeChange: fn() },
  loaders: [
    async () => ({
      baseline: await loadFixture('collapsed/diff/jfr-parser-kafka-cpu-0.collapsed.txt.gz'),
      comparison: await loadFixture('collapsed/diff/jfr-parser-kafka-cpu-1.collapsed.txt.gz'),
    }),
  ],
  render: (args, { loaded }) => (
    <DiffFlameGraph {...args} baseline={loaded.baseline} comparison={loaded.comparison} />
  ),
};
export default meta;
type Story = StoryObj<typeof DiffFlameGraph>;

export const RelativeChange: Story = { args: { defaultColorMode: 'relative' } };
export const AbsoluteChange: Story = { args: { defaultColorMode: 'absolute' } };
export const SelfChange: Story = { args: { defaultColorMode: 'self' } };
export const ColorBlindPalette: Story = { args: { defaultPalette: 'colorblind' } };
export const Normalised: Story = { args: { diffOptions: { normalize: true } } };
export const DarkTheme: Story = { args: { theme: 'dark' } };
/** Pyroscope's own diff (flamebearer `double` format) read as a comparison profile. */
export const FlamebearerDiff: Story = {
  loaders: [
    async () => ({
      profile: await loadFixture('flamebearer/diff/pyroscope-io-simple-golang-app-cpu-diff.json'),
    }),
  ],
  render: (args, { loaded }) => <DiffFlameGraph {...args} profile={loaded.profile} />,
};
