import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createPyroscopeSource,
  importProfile,
  ProfileSeries,
  type ProfileSource,
  type SourceTotals,
} from '../../src/core';
import {
  decodeFleetExplorerState,
  DEFAULT_FLEET_EXPLORER_STATE,
  encodeFleetExplorerState,
  FleetExplorer,
  type FleetExplorerState,
} from '../../src/react';
import { readFixture } from '../helpers/fixtures';
import { createInPageFetch } from '../helpers/pyroscope-server/in-page-fetch';
import { loadFleetSeries, loadFleetStore } from '../helpers/pyroscope-server/node-fleet';

// The fleet explorer on a ProfileSeries and on the Pyroscope client (its fetch answered in the
// page by the test server's handler): the same profiles must show the same.

const FLEET = {
  startMs: Date.UTC(2026, 10, 23, 9),
  durationMs: 3_600_000,
  intervalMs: 60_000,
  services: ['checkout', 'search', 'api'],
};
const NOW = () => FLEET.startMs + FLEET.durationMs;

let series: ProfileSeries;
let pyroscope: ProfileSource;

beforeAll(() => {
  series = loadFleetSeries(FLEET);
  const store = loadFleetStore(FLEET);
  // The Pyroscope client's requests, answered by the test server's handler without a socket.
  const fetch = createInPageFetch({ store });
  pyroscope = createPyroscopeSource({ url: 'http://pyroscope.test', fetch });
});

/** The text of each card of a list: its title and its sum and maximum. */
async function cardsOf(listName: string): Promise<string[]> {
  const list = await screen.findByRole('list', { name: listName }, { timeout: 5000 });
  await waitFor(() =>
    expect(list.querySelectorAll(':scope > [role=listitem]').length).toBeGreaterThan(0),
  );
  return [...list.querySelectorAll(':scope > [role=listitem] section > div:first-child')].map(
    (header) => header.textContent ?? '',
  );
}

describe('<FleetExplorer> on two sources holding the same profiles', () => {
  it('shows the same services, sums and maxima', async () => {
    const shown: string[][] = [];
    for (const [source, state] of [
      [series, { profileType: 'cpu' }],
      [pyroscope, {}],
    ] as const) {
      const { unmount } = render(
        <FleetExplorer
          source={source}
          now={NOW}
          defaultState={state}
          serviceLabel="service_name"
        />,
      );
      shown.push(await cardsOf('Services'));
      unmount();
    }
    expect(shown[0]).toEqual(shown[1]);
    expect(shown[0].map((text) => text.split('Sum')[0])).toEqual(['checkout', 'search', 'api']);
  });

  it('shows the same values of a label', async () => {
    const shown: string[][] = [];
    for (const [source, profileType] of [
      [series, 'cpu'],
      [pyroscope, 'process_cpu:cpu:nanoseconds:cpu:nanoseconds'],
    ] as const) {
      const { unmount } = render(
        <FleetExplorer
          source={source}
          now={NOW}
          defaultState={{ view: 'labels', profileType, groupBy: 'pod' }}
        />,
      );
      shown.push(await cardsOf('Values of pod'));
      unmount();
    }
    expect(shown[0]).toEqual(shown[1]);
    expect(shown[0]).toHaveLength(6);
  });
});

describe('<FleetExplorer> state', () => {
  it("hands a click's whole change to a controlling host, and encodes it for a link", async () => {
    const states: FleetExplorerState[] = [];
    function Host() {
      const [state, setState] = useState<FleetExplorerState>({
        ...DEFAULT_FLEET_EXPLORER_STATE,
        profileType: 'cpu',
      });
      return (
        <FleetExplorer
          source={series}
          now={NOW}
          state={state}
          onStateChange={(next) => (states.push(next), setState(next))}
        />
      );
    }
    render(<Host />);
    await cardsOf('Services');
    const list = screen.getByRole('list', { name: 'Services' });
    const search = list.querySelectorAll<HTMLElement>(':scope > [role=listitem]')[1];
    fireEvent.click(within(search).getByRole('button', { name: 'Flame graph' }));
    const last = states.at(-1)!;
    expect(last.view).toBe('flame-graph');
    expect(last.matchers).toEqual([{ name: 'service_name', op: '=', value: 'search' }]);
    const round = decodeFleetExplorerState(encodeFleetExplorerState(last));
    expect(round).toEqual(last);
    await screen.findByRole('application', { name: 'Flame graph' }, { timeout: 5000 });
  });

  it('round-trips every field of the state through the link, and refuses broken links', () => {
    const state: FleetExplorerState = {
      view: 'diff',
      profileType: 'memory:inuse_space:bytes:space:bytes',
      matchers: [{ name: 'pod', op: '=~', value: 'api-.*' }],
      ranges: {
        window: { startNs: 1e18, endNs: 1e18 + 86_400e9 },
        baseline: { startNs: 1e18, endNs: 1e18 + 60e9 },
        comparison: { startNs: 1e18 + 120e9, endNs: 1e18 + 180e9 },
      },
      groupBy: 'region',
      compareBy: 'label',
      labelComparison: { name: 'version', baseline: '1', comparison: '2' },
      syncRanges: true,
      explorer: { ...DEFAULT_FLEET_EXPLORER_STATE.explorer, zoomPath: ['main', 'run'] },
      sourcePath: ['main', 'run', 'parse'],
    };
    expect(decodeFleetExplorerState(encodeFleetExplorerState(state))).toEqual(state);
    expect(encodeFleetExplorerState(DEFAULT_FLEET_EXPLORER_STATE)).toBe('');
    expect(() => decodeFleetExplorerState('j!!')).toThrow(/view-state/);
  });
});

describe('<FleetExplorer> queries', () => {
  it('cancels the query a new one replaces, and never shows its late answer', async () => {
    const asked: {
      groupBy: unknown;
      signal: AbortSignal;
      resolve: (totals: SourceTotals) => void;
    }[] = [];
    const slow: ProfileSource = {
      queryProfileTypes: (query, signal) => series.queryProfileTypes(query, signal),
      queryLabelNames: (query, signal) => series.queryLabelNames(query, signal),
      queryLabelValues: (name, query, signal) => series.queryLabelValues(name, query, signal),
      queryMergedTree: (query, signal) => series.queryMergedTree(query, signal),
      queryMergedPprof: (query, signal) => series.queryMergedPprof(query, signal),
      queryDiff: (query, signal) => series.queryDiff(query, signal),
      queryTotals: (query, signal) =>
        new Promise((resolve) => asked.push({ groupBy: query.groupBy, signal: signal!, resolve })),
    };
    render(
      <FleetExplorer
        source={slow}
        now={NOW}
        defaultState={{ view: 'labels', profileType: 'cpu', groupBy: 'pod' }}
      />,
    );
    await waitFor(() => expect(asked.some((a) => a.groupBy === 'pod')).toBe(true));
    expect(screen.getAllByRole('status').map((s) => s.textContent)).toContain(
      'Loading the values of pod…',
    );
    const select = await screen.findByLabelText('Group by');
    fireEvent.change(select, { target: { value: 'region' } });
    await waitFor(() => expect(asked.some((a) => a.groupBy === 'region')).toBe(true));
    const first = asked.find((a) => a.groupBy === 'pod')!;
    const second = asked.find((a) => a.groupBy === 'region')!;
    expect(first.signal.aborted).toBe(true);
    expect(second.signal.aborted).toBe(false);
    const answer = (value: string): SourceTotals => ({
      startNs: 0,
      stepNs: 60e9,
      steps: 1,
      sampleType: { type: 'cpu', unit: 'nanoseconds' },
      aggregation: 'sum',
      groupBy: [value],
      groups: [{ value: 'x', labels: { [value]: 'x' }, values: Float64Array.of(1), total: 1 }],
      omittedGroups: 0,
      partial: false,
    });
    await act(async () => first.resolve(answer('pod')));
    expect(screen.queryByRole('list', { name: 'Values of pod' })).toBeNull();
    await act(async () => second.resolve(answer('region')));
    expect(await screen.findByRole('list', { name: 'Values of region' })).toBeTruthy();
  });

  it('asks again when the revision says the series grew', async () => {
    const grown = new ProfileSeries();
    const { rerender } = render(
      <FleetExplorer source={grown} now={NOW} defaultState={{ profileType: 'cpu' }} revision={0} />,
    );
    await screen.findByText('This source has no profiles in the time window.');
    const cpu = importProfile(
      new Uint8Array(readFixture('pprof/go/google-pprof-sample.cpu.pb.gz')),
    );
    grown.add(cpu, { timeNs: (NOW() - 60_000) * 1e6, labels: { service_name: 'late' } });
    rerender(
      <FleetExplorer source={grown} now={NOW} defaultState={{ profileType: 'cpu' }} revision={1} />,
    );
    expect(await cardsOf('Services')).toEqual([expect.stringMatching(/^late/)]);
  });
});
