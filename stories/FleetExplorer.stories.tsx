import type { Meta, StoryObj } from '@storybook/react-vite';
import { FleetExplorer } from '../src/react';
import { FLEET_DAY_END_MS, pyroscopeDay, seriesDay } from './fleet-fixtures';

const DAY_NS = 86_400e9;
const lastDay = {
  ranges: { window: { startNs: FLEET_DAY_END_MS * 1e6 - DAY_NS, endNs: FLEET_DAY_END_MS * 1e6 } },
};
const checkout = [{ name: 'service_name', op: '=' as const, value: 'checkout' }];

/**
 * Explore Profiles in flamekit: a fleet of eight services whose profiles are the real pprof files
 * of tests/fixtures, a day of them, asked from a Grafana Pyroscope query API (answered in the page
 * by the test server's querier, over the Connect protocol the client speaks on the wire).
 */
const meta: Meta<typeof FleetExplorer> = {
  title: 'FleetExplorer',
  component: FleetExplorer,
  args: { height: 420, now: () => FLEET_DAY_END_MS, defaultState: lastDay },
  loaders: [async () => ({ source: await pyroscopeDay() })],
  render: (args, { loaded }) => <FleetExplorer {...args} source={loaded.source} />,
};
export default meta;
type Story = StoryObj<typeof FleetExplorer>;

/** The services of the fleet, heaviest first; open one's flame graph or profile types. */
export const Services: Story = {};
/** Checkout's profile types side by side: CPU, samples, allocations, in-use memory. */
export const ProfileTypes: Story = {
  args: { defaultState: { ...lastDay, view: 'profile-types', matchers: checkout } },
};
/** Checkout split by version: version 2 arrives half way through and doubles the CPU. */
export const Labels: Story = {
  args: { defaultState: { ...lastDay, view: 'labels', matchers: checkout, groupBy: 'version' } },
};
/** Checkout's flame graph; the context menu's "Show source lines" asks for the merged pprof. */
export const FlameGraph: Story = {
  args: { defaultState: { ...lastDay, view: 'flame-graph', matchers: checkout } },
};
/** Trees cut to 500 nodes: marked partial; zoom into a node to get what `other` held there. */
export const PartialTrees: Story = {
  args: { maxNodes: 500, defaultState: { ...lastDay, view: 'flame-graph', matchers: checkout } },
};
/** Version 1 against version 2 of checkout, as a diff. */
export const DiffOfVersions: Story = {
  args: {
    defaultState: {
      ...lastDay,
      view: 'diff',
      matchers: checkout,
      compareBy: 'label',
      labelComparison: { name: 'version', baseline: '1', comparison: '2' },
    },
  },
};
/** The same day in a ProfileSeries filled in the page: the same views, no server. */
export const InThePage: Story = {
  loaders: [async () => ({ source: await seriesDay() })],
  args: { defaultState: { ...lastDay, profileType: 'cpu' } },
};
export const DarkTheme: Story = { args: { theme: 'dark' } };
