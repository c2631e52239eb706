import { createRoot } from 'react-dom/client';
import {
  FrameTable,
  StackTable,
  TimeOrderBuilder,
  colorToCss,
  createFrameColorLookup,
  importProfile,
  type Profile,
  type TimeOrder,
} from '../../../src/core';
import { FlameChart, ProfileExplorer } from '../../../src/react';

/**
 * A page with one <FlameChart> (or, with `explorer`, a <ProfileExplorer> on its chart view).
 * Query: `fixture` (a file under tests/fixtures/profiles; default the inline lanes below),
 * `width` (of the container), `height`, `theme`.
 *
 * The inline lanes, 1000 ns long: lane "main" samples main;parse (0–250), main;parse (250–500),
 * main;render (500–1000); lane "worker" one sample of worker (0–1000).
 */
const query = new URLSearchParams(location.search);

function inlineOrder(): TimeOrder {
  const stacks = new StackTable(new FrameTable());
  const builder = new TimeOrderBuilder(stacks.frames, stacks);
  const lane = (name: string, samples: [string, number, number][]) =>
    builder.addSamples(
      { name },
      stacks,
      samples.map(([path]) =>
        stacks.intern(path.split(';').map((n) => stacks.frames.internName(n))),
      ),
      samples.map(([, start]) => start),
      samples.map(([, start, end]) => end - start),
    );
  lane('main', [
    ['main;parse', 0, 250],
    ['main;parse', 250, 500],
    ['main;render', 500, 1000],
  ]);
  lane('worker', [['worker', 0, 1000]]);
  return builder.finish()!;
}

async function main() {
  const fixture = query.get('fixture');
  let profile: Profile | undefined;
  let timeOrder: TimeOrder | undefined;
  if (fixture) {
    profile = importProfile(
      new Uint8Array(await (await fetch(`/fixtures/${fixture}`)).arrayBuffer()),
    );
    timeOrder = profile.timeOrder;
  } else timeOrder = inlineOrder();
  const theme = query.get('theme') === 'dark' ? 'dark' : 'light';
  const frames = timeOrder?.frames;
  const colorOf = frames ? createFrameColorLookup(frames, { theme }) : () => 0;
  const selections: unknown[] = [];
  Object.assign(window, {
    flamekitTest: {
      colorOf: (name: string) => {
        for (let f = 0; f < (frames?.size ?? 0); f++)
          if (frames!.name(f) === name) return colorToCss(colorOf(f));
        throw new Error(`no frame ${name}`);
      },
      selections,
      duration: timeOrder?.duration,
    },
  });
  const container = document.getElementById('root')!;
  container.style.width = `${query.get('width') ?? 800}px`;
  const height = Number(query.get('height') ?? 300);
  createRoot(container).render(
    query.get('explorer') ? (
      <ProfileExplorer
        profile={profile}
        theme={theme}
        height={height}
        defaultState={{ view: 'flame-chart' }}
      />
    ) : (
      <FlameChart
        {...(profile ? { profile } : { timeOrder })}
        height={height}
        theme={theme}
        onSelectionChange={(selection) => selections.push(selection)}
      />
    ),
  );
  requestAnimationFrame(() =>
    requestAnimationFrame(() => Object.assign(window, { flamekitReady: true })),
  );
}

void main();
