import type { Meta, StoryObj } from '@storybook/react-vite';
import { fn } from 'storybook/test';
import { SeriesExplorer } from '../src/react';
import { themeControls } from './controls';
import { generatedDay, heapSnapshots, kafkaWindows } from './series-fixtures';

/** Continuous profiling in the browser: a series of profiles, filtered, brushed and compared. */
const meta: Meta<typeof SeriesExplorer> = {
  title: 'SeriesExplorer',
  component: SeriesExplorer,
  argTypes: {
    ...themeControls,
    mode: { control: 'inline-radio', options: ['single', 'compare'] },
    compareBy: { control: 'inline-radio', options: ['time', 'label'] },
    height: { control: { type: 'range', min: 200, max: 800, step: 20 } },
  },
  args: {
    height: 420,
    onModeChange: fn(),
    onRangesChange: fn(),
    onMatchersChange: fn(),
    onExplorerStateChange: fn(),
  },
  loaders: [async () => ({ series: generatedDay() })],
  render: (args, { loaded }) => <SeriesExplorer {...args} series={loaded.series} />,
};
export default meta;
type Story = StoryObj<typeof SeriesExplorer>;

/** A generated day of 384 CPU profiles; drag on the timeline to merge a range. */
export const GeneratedDay: Story = { args: { defaultGroupBy: 'service' } };
/** The first half of the day against the second, as two brushes. */
export const CompareTimeRanges: Story = { args: { defaultMode: 'compare' } };
/** Checkout version 1 against version 2: the slower stacks of version 2 turn red. */
export const CompareVersions: Story = {
  args: {
    defaultMode: 'compare',
    defaultCompareBy: 'label',
    defaultMatchers: [{ name: 'service', op: '=', value: 'checkout' }],
    defaultLabelComparison: { name: 'version', baseline: '1', comparison: '2' },
    defaultGroupBy: 'version',
  },
};
/** Two real consecutive CPU windows of a Kafka pod. */
export const KafkaWindows: Story = {
  loaders: [async () => ({ series: await kafkaWindows() })],
  args: { defaultGroupBy: 'window' },
};
/**
 * Two real heap snapshots of one Go process, half a second apart, the earlier one as the
 * baseline. Their in-use memory is the same; what they differ in is what was allocated between
 * them, so the story compares `alloc_space` and colours frames by the change of their value.
 */
export const HeapSnapshots: Story = {
  loaders: [async () => ({ series: await heapSnapshots() })],
  args: {
    sampleType: 'alloc_space',
    defaultMode: 'compare',
    defaultCompareBy: 'label',
    defaultGroupBy: 'snapshot',
    defaultExplorerState: { diffColorMode: 'absolute' },
  },
};
export const DarkTheme: Story = { args: { theme: 'dark', defaultGroupBy: 'region' } };
