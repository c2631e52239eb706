import type { Meta, StoryObj } from '@storybook/react-vite';
import { fn } from 'storybook/test';
import { profileTimelineTotals } from '../src/core';
import { Timeline } from '../src/react';
import { themeControls } from './controls';
import { loadFixture } from './load-fixture';
import { generatedDay, heapSnapshots } from './series-fixtures';

/** Totals over time with a read-out and brushes. Drag to select; arrow keys move the cursor. */
const meta: Meta<typeof Timeline> = {
  title: 'Timeline',
  component: Timeline,
  argTypes: {
    ...themeControls,
    height: { control: { type: 'range', min: 80, max: 400, step: 10 } },
    timeZone: { control: 'inline-radio', options: ['local', 'utc'] },
  },
  args: { height: 160, onRangesChange: fn(), onActiveBrushChange: fn() },
  loaders: [async () => ({ totals: generatedDay().totals({ groupBy: 'service' }) })],
  render: (args, { loaded }) => <Timeline {...args} totals={loaded.totals} />,
};
export default meta;
type Story = StoryObj<typeof Timeline>;

/** A generated day of CPU profiles, one line per service. */
export const ByService: Story = {};
/** Two brushes: a baseline and a comparison range. */
export const TwoBrushes: Story = {
  args: {
    brushes: [
      { id: 'baseline', label: 'Baseline' },
      { id: 'comparison', label: 'Comparison' },
    ],
  },
};
/** The hour of totals a Pyroscope server sent with its flame graph (a real flamebearer timeline). */
export const PyroscopeServerTimeline: Story = {
  loaders: [
    async () => ({
      totals: profileTimelineTotals(
        await loadFixture('flamebearer/pyroscope-io-render-pyroscope-server-cpu.json'),
      ),
    }),
  ],
  args: { timeZone: 'utc' },
};
/** Two heap snapshots half a second apart: two points, drawn as dots, on a millisecond axis. */
export const TwoSnapshots: Story = {
  loaders: [
    async () => ({
      totals: (await heapSnapshots()).totals({
        sampleType: 'alloc_space',
      }),
    }),
  ],
  args: { timeZone: 'utc' },
};
export const DarkTheme: Story = { args: { theme: 'dark' } };
