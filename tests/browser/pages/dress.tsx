import type { ReactElement } from 'react';
import { createRoot } from 'react-dom/client';
import {
  ProfileSeries,
  computeDiff,
  computeLineTable,
  createDiffColorScale,
  importProfile,
} from '../../../src/core';
import {
  CallTree,
  DiffFlameGraph,
  DiffLegend,
  ExplainPanel,
  ExportMenu,
  FlameGraph,
  FleetExplorer,
  LabelFilter,
  Markdown,
  ProfileExplorer,
  SandwichView,
  SeriesExplorer,
  SourceView,
  Timeline,
  TopTable,
  type ExplorerState,
  type ThemeChoice,
} from '../../../src/react';
import type { COMPONENTS } from './dress-parts';
import { HOST_COLORS } from './dress-parts';

/**
 * Each exported component as a host page shows it: alone, dressed by nothing but its own props,
 * or inside the explorer. Query: `component` (a name below), `theme` (`light`, `dark`, `system`,
 * none), `host=1` (a host stylesheet that themes flamekit with its variables, the canvas too),
 * `view` and `sandwich` (the explorer's), `search`, `width`, `fixture`. Every component gets the
 * class `host-themed` and a `style` with a margin, so that tests can see both arrive.
 */
const query = new URLSearchParams(location.search);
async function main() {
  if (query.get('host') === '1') {
    const style = document.createElement('style');
    style.textContent = `:root {
      --flamekit-bg: ${HOST_COLORS.bg}; --flamekit-fg: ${HOST_COLORS.fg};
      --flamekit-border: ${HOST_COLORS.border}; --flamekit-panel: ${HOST_COLORS.panel};
      --flamekit-accent: ${HOST_COLORS.accent}; --flamekit-color-scheme: dark;
    }
    body { background: ${HOST_COLORS.bg}; }`;
    document.head.append(style);
  }
  const fixture = query.get('fixture') ?? 'pprof/go/google-pprof-large.cpu.pb.gz';
  const bytes = new Uint8Array(await (await fetch(`/fixtures/${fixture}`)).arrayBuffer());
  const profile = importProfile(bytes);
  const tree = profile.tree();
  const unit = profile.sampleTypes[profile.defaultSampleType].unit;
  const themeParam = query.get('theme');
  const theme = (themeParam || undefined) as ThemeChoice | undefined;
  const search = query.get('search') ?? '';
  const common = { theme, className: 'host-themed', style: { margin: 4 } };
  const container = document.getElementById('root')!;
  if (query.get('width')) container.style.width = `${query.get('width')}px`;
  const diff = () =>
    computeDiff(
      importProfile('main;parse;lex 30\nmain;parse 10\nmain;render 40\nmain;gc 5').tree(),
      importProfile('main;parse;lex 20\nmain;parse 12\nmain;render 55\nmain;idle 9').tree(),
    );
  const series = () => {
    const all = new ProfileSeries();
    for (let i = 0; i < 6; i++)
      all.add(profile, {
        timeNs: Date.UTC(2024, 0, 15, 9, i) * 1e6,
        durationNs: 60e9,
        labels: { pod: `pod-${i % 2}` },
      });
    return all;
  };
  const state: Partial<ExplorerState> = {
    view: (query.get('view') as ExplorerState['view']) ?? 'flame-graph',
    ...(query.get('sandwich') && { sandwich: query.get('sandwich')! }),
    ...(search && { search: { text: search, mode: 'substring' } }),
  };
  const elements: Record<(typeof COMPONENTS)[number], () => ReactElement> = {
    'flame-graph': () => <FlameGraph {...common} profile={profile} />,
    'diff-flame-graph': () => <DiffFlameGraph {...common} tree={diff()} unit="samples" />,
    'diff-legend': () => (
      <DiffLegend
        {...common}
        scale={createDiffColorScale(diff())}
        unit="samples"
        widthMode="both"
      />
    ),
    'top-table': () => <TopTable {...common} profile={profile} />,
    'call-tree': () => (
      <CallTree {...common} profile={profile} search={{ text: search, mode: 'substring' }} />
    ),
    sandwich: () => (
      <SandwichView
        {...common}
        profile={profile}
        defaultFunctionName={query.get('sandwich') ?? 'runtime.mallocgc'}
        defaultSearch={{ text: search, mode: 'substring' }}
      />
    ),
    explorer: () => <ProfileExplorer {...common} profile={profile} defaultState={state} />,
    timeline: () => <Timeline {...common} totals={series().totals({ groupBy: 'pod' })} />,
    'label-filter': () => <LabelFilter {...common} labels={series().labels()} />,
    'series-explorer': () => <SeriesExplorer {...common} series={series()} />,
    'source-view': () => (
      <SourceView
        {...common}
        table={computeLineTable(importProfile(bytes, { granularity: 'line' }), 'time.now')!}
      />
    ),
    markdown: () => <Markdown {...common} text={'## Findings\nMost time goes to `time.now`.'} />,
    'explain-panel': () => <ExplainPanel {...common} tree={tree} unit={unit} />,
    'export-menu': () => <ExportMenu {...common} tree={tree} profile={profile} />,
    'fleet-explorer': () => (
      <FleetExplorer {...common} source={series()} now={() => Date.UTC(2024, 0, 15, 9, 10)} />
    ),
  };
  const name = (query.get('component') ?? 'explorer') as (typeof COMPONENTS)[number];
  createRoot(container).render(elements[name]());
  requestAnimationFrame(() =>
    requestAnimationFrame(() => Object.assign(window, { flamekitReady: true })),
  );
}

void main();
