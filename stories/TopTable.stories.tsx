import type { Meta, StoryObj } from '@storybook/react-vite';
import { fn } from 'storybook/test';
import { computeDiff } from '../src/core';
import { TopTable } from '../src/react';
import { tableControls } from './controls';
import { loadFixture } from './load-fixture';

/**
 * The functions of a profile with their self and total, alone (no explorer around it): sort by
 * a column, move with the keys. Selections and sorts show in Actions.
 */
const meta: Meta<typeof TopTable> = {
  title: 'TopTable',
  component: TopTable,
  argTypes: tableControls,
  args: { height: 420, onSelectedFunctionChange: fn(), onSortChange: fn() },
};
export default meta;
type Story = StoryObj<typeof TopTable>;

/** A Go service's functions; no row actions were passed, so the table has no actions column. */
export const Basic: Story = {
  loaders: [async () => ({ profile: await loadFixture('pprof/go/concourse-web-cpu-300s.pb.gz') })],
  render: (args, { loaded }) => <TopTable {...args} profile={loaded.profile} />,
};
/** With row actions: a "⋯" menu on each row (and the keys h, s, z), reported in Actions. */
export const WithRowActions: Story = {
  ...Basic,
  args: { onHighlightFunction: fn(), onOpenSandwich: fn(), onZoomToFunction: fn() },
};
/** Two CPU windows: baseline, comparison and deltas, largest increase first. */
export const Diff: Story = {
  loaders: [
    async () => ({
      tree: computeDiff(
        (await loadFixture('collapsed/diff/jfr-parser-kafka-cpu-0.collapsed.txt.gz')).tree(),
        (await loadFixture('collapsed/diff/jfr-parser-kafka-cpu-1.collapsed.txt.gz')).tree(),
      ),
    }),
  ],
  render: (args, { loaded }) => <TopTable {...args} tree={loaded.tree} unit="nanoseconds" />,
};
/** The dark theme, on its own: header band, borders and bars from the theme. */
export const DarkTheme: Story = { ...Basic, args: { theme: 'dark' } };
