import type { Meta, StoryObj } from '@storybook/react-vite';
import { SeriesExplorer } from '../src/react';
import { generatedDay, heapSnapshots, kafkaWindows } from './series-fixtures';

/** Continuous profiling in the browser: a series of profiles, filtered, brushed and compared. */
const meta: Meta<typeof SeriesExplorer> = {
  title: 'SeriesExplorer',
  component: SeriesExplorer,
  args: { height: 420 },
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
/** Two real Go heap snapshots: in-use memory is averaged over time, not added up. */
export const HeapSnapshots: Story = {
  loaders: [async () => ({ series: await heapSnapshots() })],
  args: { sampleType: 'inuse_space', defaultMode: 'compare', defaultCompareBy: 'label' },
};
export const DarkTheme: Story = { args: { theme: 'dark', defaultGroupBy: 'region' } };
