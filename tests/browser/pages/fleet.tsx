import { createRoot } from 'react-dom/client';
import { createPyroscopeSource } from '../../../src/core';
import {
  decodeFleetExplorerState,
  encodeFleetExplorerState,
  FleetExplorer,
  type FleetExplorerState,
} from '../../../src/react';

/**
 * A page with a <FleetExplorer> on the Pyroscope client, pointed at the test server given in the
 * query (`server=http://127.0.0.1:port`, which allows this origin with CORS). Its state lives in
 * the location's hash (a reload reopens the same view) and in `window.flamekitFleet`; `now` (ms)
 * fixes the clock, `tenant` sets the tenant, `maxNodes` the explorer's, `width` its width,
 * `theme=dark`.
 */
const query = new URLSearchParams(location.search);
const now = Number(query.get('now') ?? Date.now());
const source = createPyroscopeSource({
  url: query.get('server') ?? 'http://127.0.0.1:1',
  ...(query.get('tenant') && { tenant: query.get('tenant')! }),
});
const states: FleetExplorerState[] = [];
Object.assign(window, { flamekitFleet: { states, encode: encodeFleetExplorerState } });

const container = document.getElementById('root')!;
container.style.width = `${query.get('width') ?? 1360}px`;
container.style.padding = '12px';
createRoot(container).render(
  <FleetExplorer
    source={source}
    now={() => now}
    theme={query.get('theme') === 'dark' ? 'dark' : 'light'}
    defaultState={location.hash.length > 1 ? decodeFleetExplorerState(location.hash.slice(1)) : {}}
    onStateChange={(state) => {
      states.push(state);
      history.replaceState(null, '', `#${encodeFleetExplorerState(state)}`);
    }}
    height={360}
    {...(query.get('maxNodes') && { maxNodes: Number(query.get('maxNodes')) })}
  />,
);
requestAnimationFrame(() =>
  requestAnimationFrame(() => Object.assign(window, { flamekitReady: true })),
);
