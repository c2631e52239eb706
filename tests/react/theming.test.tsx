import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { describe, expect, it } from 'vitest';
import {
  ProfileSeries,
  computeDiff,
  computeLineTable,
  createDiffColorScale,
  importProfile,
  treeFromFolded,
} from '../../src/core';
import * as flamekit from '../../src/react';
import { readFixture } from '../helpers/fixtures';

const folded = 'main;parse;lex 30\nmain;parse 10\nmain;render;lex 25\nmain;render 15\nmain;idle 20';
const tree = treeFromFolded(folded);
const diff = computeDiff(
  treeFromFolded('main;a 3\nmain;b 1'),
  treeFromFolded('main;a 2\nmain;c 4'),
);
const series = new ProfileSeries();
series.add(importProfile(folded), { timeNs: 0, durationNs: 10e9, labels: { pod: 'a' } });
series.add(importProfile(folded), { timeNs: 10e9, durationNs: 10e9, labels: { pod: 'b' } });
const lines = computeLineTable(
  importProfile(readFixture('pprof/go/google-pprof-large.cpu.pb.gz'), { granularity: 'line' }),
  'time.now',
)!;

const recording = importProfile(
  readFixture('chrome-cpuprofile/speedscope-chrome65-simple.cpuprofile'),
);

type Dress = { theme?: flamekit.ThemeChoice; className?: string; style?: React.CSSProperties };

/** Every component the package exports, with the props it needs to show something. */
const COMPONENTS: Record<string, (dress: Dress) => ReactElement> = {
  FlameGraph: (dress) => <flamekit.FlameGraph {...dress} tree={tree} />,
  DiffFlameGraph: (dress) => <flamekit.DiffFlameGraph {...dress} tree={diff} />,
  FlameChart: (dress) => <flamekit.FlameChart {...dress} profile={recording} />,
  DiffLegend: (dress) => (
    <flamekit.DiffLegend
      {...dress}
      scale={createDiffColorScale(diff)}
      unit="samples"
      widthMode="both"
    />
  ),
  TopTable: (dress) => <flamekit.TopTable {...dress} tree={tree} />,
  CallTree: (dress) => <flamekit.CallTree {...dress} tree={tree} />,
  SandwichView: (dress) => (
    <flamekit.SandwichView {...dress} tree={tree} defaultFunctionName="parse" />
  ),
  ProfileExplorer: (dress) => (
    <flamekit.ProfileExplorer {...dress} profile={importProfile(folded)} />
  ),
  Timeline: (dress) => <flamekit.Timeline {...dress} totals={series.totals({ groupBy: 'pod' })} />,
  LabelFilter: (dress) => <flamekit.LabelFilter {...dress} labels={series.labels()} />,
  SeriesExplorer: (dress) => <flamekit.SeriesExplorer {...dress} series={series} />,
  SourceView: (dress) => <flamekit.SourceView {...dress} table={lines} />,
  Markdown: (dress) => <flamekit.Markdown {...dress} text="Most time goes to `lex`." />,
  ExplainPanel: (dress) => <flamekit.ExplainPanel {...dress} tree={tree} unit="samples" />,
  ExportMenu: (dress) => <flamekit.ExportMenu {...dress} tree={tree} />,
  FleetExplorer: (dress) => <flamekit.FleetExplorer {...dress} source={series} now={() => 20e3} />,
};

/** The custom properties an element declares in its own style attribute. */
function declared(element: Element): string[] {
  const style = (element as HTMLElement).style;
  const names: string[] = [];
  for (let i = 0; i < style.length; i++) if (style[i].startsWith('--')) names.push(style[i]);
  return names;
}

describe('every exported component is dressed by its own props', () => {
  it('lists every component the package exports', () => {
    const exported = Object.entries(flamekit)
      .filter(
        ([name, value]) =>
          /^[A-Z]/.test(name) &&
          (typeof value === 'function' ||
            (typeof value === 'object' && value !== null && '$$typeof' in value)),
      )
      .map(([name]) => name)
      // Classes of the core and the error type, re-exported for one import: not components.
      .filter(
        (name) =>
          ![
            'CallTreeBuilder',
            'FrameTable',
            'StringTable',
            'ProfileBuilder',
            'ProfileSeries',
            'FlamekitError',
            'StackTable',
            'TextFitter',
            'InputSource',
            'TimeOrderBuilder',
            'SpanRecorder',
          ].includes(name),
      );
    expect(exported.sort()).toEqual(Object.keys(COMPONENTS).sort());
  });

  for (const [name, element] of Object.entries(COMPONENTS)) {
    it(`${name} takes theme, className and style, and declares only its defaults`, () => {
      const { container, unmount } = render(
        element({ theme: 'dark', className: 'host-class', style: { marginTop: 7 } }),
      );
      const root = container.firstElementChild as HTMLElement;
      expect(root.classList.contains('host-class')).toBe(true);
      expect(root.style.marginTop).toBe('7px');
      expect(root.getAttribute('data-flamekit-theme')).toBe('dark');
      expect(root.style.getPropertyValue('--flamekit-default-bg')).toBe('#0d1117');
      expect(root.style.getPropertyValue('color-scheme')).toBe(
        'var(--flamekit-color-scheme, dark)',
      );
      // A host's --flamekit-* is never overridden by an inline declaration, anywhere inside.
      for (const inner of container.querySelectorAll('*'))
        for (const property of declared(inner))
          expect(property, `${name}: ${inner.tagName}`).toMatch(/^--flamekit-default-/);
      // Every use of a variable has a fallback, so that the component looks right alone.
      for (const inner of container.querySelectorAll('[style]'))
        expect(inner.getAttribute('style'), `${name}: ${inner.tagName}`).not.toMatch(
          /var\(--flamekit-[a-z-]+\)/,
        );
      unmount();
      // No theme: nothing declared, the theme of a flamekit component around it is inherited.
      const bare = render(element({}));
      const bareRoot = bare.container.firstElementChild as HTMLElement;
      expect(bareRoot.getAttribute('data-flamekit-theme')).toBeNull();
      for (const inner of bare.container.querySelectorAll('*')) expect(declared(inner)).toEqual([]);
    });
  }
});
