import { describe, expect, it } from 'vitest';
import type { FlamekitError } from '../../src/core/errors';
import { DEFAULT_EXPLORER_STATE } from '../../src/react/explorer-state';
import {
  DEFAULT_SERIES_EXPLORER_STATE,
  decodeSeriesExplorerState,
  encodeSeriesExplorerState,
  type SeriesExplorerState,
} from '../../src/react/series-explorer-state';
import { catchError } from '../helpers/catch-error';

const jsonForm = (value: unknown) => 'j' + Buffer.from(JSON.stringify(value)).toString('base64url');

// 2025-11-24 00:00 UTC in epoch nanoseconds, and an hour.
const day = Date.UTC(2025, 10, 24) * 1e6;
const hour = 3600e9;

/** Every field differs from its default, the explorer's included. */
const everything: SeriesExplorerState = {
  mode: 'compare',
  compareBy: 'label',
  matchers: [
    { name: 'service', op: '=', value: 'checkout' },
    { name: 'pod', op: '=~', value: 'checkout-[0-9]+' },
    { name: 'region', op: '!=', value: 'eu "west"\n' },
    { name: 'odd name', op: '!~', value: 'a\\.b' },
  ],
  groupBy: 'version',
  ranges: {
    selection: { startNs: day, endNs: day + 24 * hour },
    baseline: { startNs: day + 9 * hour, endNs: day + 10 * hour },
    comparison: { startNs: day + 13 * hour, endNs: day + 14 * hour + 256 },
  },
  labelComparison: { name: 'version', baseline: '1', comparison: '2' },
  explorer: {
    view: 'top-table',
    sampleType: 'alloc_space',
    search: { text: 'json', mode: 'regex', caseSensitive: true },
    zoomPath: ['main', 'net/http.(*conn).serve'],
    selectedPath: ['main', 'net/http.(*conn).serve', 'encoding/json.Marshal'],
    sandwich: 'runtime.mallocgc',
    colorScheme: 'self',
    orientation: 'icicle',
    textAlign: 'right',
    diffColorMode: 'absolute',
    diffPalette: 'colorblind',
    diffWidthMode: 'comparison',
  },
};

describe('encodeSeriesExplorerState / decodeSeriesExplorerState', () => {
  it('round-trips a state whose every field is not the default, in a short URL-safe string', () => {
    const text = encodeSeriesExplorerState(everything);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(text.length).toBeLessThan(500);
    expect(decodeSeriesExplorerState(text)).toEqual(everything);
  });

  it('encodes the default state as the empty string, and decodes it back', () => {
    expect(encodeSeriesExplorerState(DEFAULT_SERIES_EXPLORER_STATE)).toBe('');
    expect(decodeSeriesExplorerState('')).toEqual(DEFAULT_SERIES_EXPLORER_STATE);
    // An id reported without a range is no brush, and no state.
    const unbrushed = { ...DEFAULT_SERIES_EXPLORER_STATE, ranges: { baseline: undefined } };
    expect(encodeSeriesExplorerState(unbrushed)).toBe('');
  });

  it('leaves out each default on its own', () => {
    const onlyMode = { ...DEFAULT_SERIES_EXPLORER_STATE, mode: 'compare' as const };
    expect(encodeSeriesExplorerState(onlyMode)).toBe(jsonForm({ m: 'compare' }));
    const onlyView = {
      ...DEFAULT_SERIES_EXPLORER_STATE,
      explorer: { ...DEFAULT_EXPLORER_STATE, view: 'call-tree' as const },
    };
    expect(encodeSeriesExplorerState(onlyView)).toBe(jsonForm({ v: 'call-tree' }));
  });

  it('reads a hand-built link: matchers from the selector, ranges, the explorer fields', () => {
    const text = jsonForm({
      m: 'compare',
      cb: 'time',
      l: '{service="api", pod=~`api-.*`}',
      g: 'region',
      r: { baseline: [100, 200], comparison: [300, 450] },
      lc: ['version', '1', '2'],
      v: 'both',
      s: ['alloc', 'exact', 0],
      z: ['main'],
      p: [1, 'run'],
    });
    expect(decodeSeriesExplorerState(text)).toEqual({
      mode: 'compare',
      compareBy: 'time',
      matchers: [
        { name: 'service', op: '=', value: 'api' },
        { name: 'pod', op: '=~', value: 'api-.*' },
      ],
      groupBy: 'region',
      ranges: {
        baseline: { startNs: 100, endNs: 200 },
        comparison: { startNs: 300, endNs: 450 },
      },
      labelComparison: { name: 'version', baseline: '1', comparison: '2' },
      explorer: {
        ...DEFAULT_EXPLORER_STATE,
        view: 'both',
        search: { text: 'alloc', mode: 'exact', caseSensitive: false },
        zoomPath: ['main'],
        selectedPath: ['main', 'run'],
      },
    });
  });

  it('drops what a newer version added: unknown keys, modes and views', () => {
    const decoded = decodeSeriesExplorerState(
      jsonForm({ m: 'triple', cb: 'pod', v: 'treemap', future: 1, g: 'pod' }),
    );
    expect(decoded).toEqual({ ...DEFAULT_SERIES_EXPLORER_STATE, groupBy: 'pod' });
  });

  it('throws parse-error for a selector it cannot read, quoting it', () => {
    const error = catchError(() =>
      decodeSeriesExplorerState(jsonForm({ l: '{pod=~"("}' })),
    ) as FlamekitError;
    expect([error.name, error.code, error.format]).toEqual([
      'FlamekitError',
      'parse-error',
      'view-state',
    ]);
    expect(error.message).toContain('its label selector "{pod=~\\"(\\"}" is not valid');
  });

  it('throws invalid-argument for matchers the selector could not carry', () => {
    const bad: unknown[] = [
      [{ name: 'pod', op: '==', value: 'a' }],
      [{ name: 'pod', op: '=~', value: '(' }],
      [{ name: 'pod', op: '=' }],
      'pod="a"',
    ];
    for (const matchers of bad) {
      const state = { ...DEFAULT_SERIES_EXPLORER_STATE, matchers } as SeriesExplorerState;
      const error = catchError(() => encodeSeriesExplorerState(state)) as FlamekitError;
      expect([error.name, error.code], JSON.stringify(matchers)).toEqual([
        'FlamekitError',
        'invalid-argument',
      ]);
    }
  });
});
