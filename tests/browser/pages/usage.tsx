import { useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ProfileSeries, importProfile, type Profile } from '../../../src/core';
import {
  DEFAULT_EXPLORER_STATE,
  FlameGraph,
  ProfileExplorer,
  SeriesExplorer,
  type ExplorerState,
  type FlameGraphHandle,
  type FlameGraphNode,
} from '../../../src/react';
import { createProfileImporter } from '../../../src/worker/client';

/**
 * The components as a host app uses them. Query: `component` (`explorer`, `explorer-controlled`,
 * `series`, `series-controlled`, `graph`), `fixture` (under tests/fixtures/profiles), `width` of
 * the container, `folded` (a profile as folded text instead of a fixture), `height` (a number,
 * else the default), `worker=1` (the explorer imports in a
 * worker), `empty=1` (no profile). `window.flamekitTest` holds the host's view: the events it
 * received, its last controlled state, and the graph's ref handle.
 */
const query = new URLSearchParams(location.search);
const events: { kind: string; name?: string; path?: readonly string[] }[] = [];
const record = (kind: string) => (node: FlameGraphNode | undefined) =>
  events.push({ kind, name: node && node.tree.name(node.node), path: node?.path });
const test = {
  events,
  state: undefined as ExplorerState | undefined,
  handle: undefined as unknown,
};
Object.assign(window, { flamekitTest: test });
const height = query.get('height') ? Number(query.get('height')) : undefined;
const hostEvents = {
  onNodeClick: record('click'),
  onNodeHover: record('hover'),
  onNodeContextMenu: record('contextmenu'),
};

function ControlledExplorer({ profile }: { profile: Profile }) {
  const [state, setState] = useState<ExplorerState>(DEFAULT_EXPLORER_STATE);
  test.state = state;
  return (
    <ProfileExplorer profile={profile} height={height} state={state} onStateChange={setState} />
  );
}

function ControlledSeries({ series }: { series: ProfileSeries }) {
  const [state, setState] = useState<ExplorerState>(DEFAULT_EXPLORER_STATE);
  test.state = state;
  return <SeriesExplorer series={series} explorerState={state} onExplorerStateChange={setState} />;
}

function Graph({ profile }: { profile?: Profile }) {
  const handle = useRef<FlameGraphHandle>(null);
  test.handle = handle;
  return <FlameGraph ref={handle} profile={profile} height={height} {...hostEvents} />;
}

function Explorer({ profile, bytes }: { profile?: Profile; bytes?: Uint8Array }) {
  const handle = useRef<FlameGraphHandle>(null);
  test.handle = handle;
  const [importer] = useState(() =>
    query.get('worker') === '1'
      ? createProfileImporter(new Worker('/worker-script.js', { type: 'module' }))
      : undefined,
  );
  return (
    <ProfileExplorer
      ref={handle}
      {...(bytes ? { input: bytes, importer } : { profile })}
      height={height}
      {...hostEvents}
    />
  );
}

async function main() {
  const fixture = query.get('fixture') ?? 'pprof/go/google-pprof-sample.cpu.pb.gz';
  const folded = query.get('folded');
  const bytes = folded
    ? new TextEncoder().encode(folded)
    : new Uint8Array(await (await fetch(`/fixtures/${fixture}`)).arrayBuffer());
  const container = document.getElementById('root')!;
  if (query.get('width')) container.style.width = `${query.get('width')}px`;
  const component = query.get('component') ?? 'explorer';
  const imports = query.get('input') === '1' || query.get('worker') === '1';
  const profile = query.get('empty') === '1' || imports ? undefined : importProfile(bytes);
  let element;
  if (component === 'graph') element = <Graph profile={profile} />;
  else if (component === 'explorer-controlled') element = <ControlledExplorer profile={profile!} />;
  else if (component.startsWith('series')) {
    const series = new ProfileSeries();
    for (let i = 0; i < 2; i++)
      series.add(profile!, { timeNs: i * 10e9, durationNs: 10e9, labels: { pod: `pod-${i}` } });
    element =
      component === 'series-controlled' ? (
        <ControlledSeries series={series} />
      ) : (
        <SeriesExplorer series={series} />
      );
  } else if (imports) element = <Explorer bytes={bytes} />;
  else element = <Explorer profile={profile} />;
  createRoot(container).render(element);
  requestAnimationFrame(() =>
    requestAnimationFrame(() => Object.assign(window, { flamekitReady: true })),
  );
}

void main();
