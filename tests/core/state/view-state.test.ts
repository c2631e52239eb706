import { deflateSync, inflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { FlamekitError } from '../../../src/core';
import type { FlameGraphViewState } from '../../../src/core/state/view-state';
import {
  VIEW_STATE_INFLATED_LIMIT,
  decodeViewState,
  encodeViewState,
} from '../../../src/core/state/view-state';
import { catchError } from '../../helpers/catch-error';

const base64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const jsonForm = (value: unknown) => 'j' + base64url(Buffer.from(JSON.stringify(value)));

function expectUrlSafe(text: string): void {
  expect(encodeURIComponent(text)).toBe(text);
  expect(text).toMatch(/^[A-Za-z0-9._~-]*$/);
}

function roundTrip(state: FlameGraphViewState): string {
  const text = encodeViewState(state);
  expectUrlSafe(text);
  expect(decodeViewState(text)).toEqual(state);
  return text;
}

function parseError(text: string): FlamekitError {
  const error = catchError(() => decodeViewState(text)) as FlamekitError;
  expect(error.name).toBe('FlamekitError');
  expect(error.code).toBe('parse-error');
  return error;
}

const goZoom = [
  'runtime.main',
  'main.main',
  'github.com/grafana/pyroscope/pkg/querier.(*Querier).SelectMergeStacktraces',
  'github.com/grafana/pyroscope/pkg/querier.(*Querier).selectTree',
  'github.com/grafana/pyroscope/pkg/phlaredb.(*BlockQuerier).SelectMergeByStacktraces',
  'github.com/grafana/pyroscope/pkg/phlaredb/symdb.(*Resolver).Tree',
];

describe('encodeViewState / decodeViewState', () => {
  it('round-trips every field', () => {
    roundTrip({
      zoomPath: goZoom,
      search: { text: 'mallocgc', mode: 'substring' },
      selectedPath: [...goZoom, 'runtime.mallocgc'],
      colorScheme: 'package',
      orientation: 'icicle',
      sandwich: 'runtime.mallocgc',
      view: 'flame-graph',
    });
    roundTrip({ search: { text: '^net/', mode: 'regex', caseSensitive: true } });
    roundTrip({ search: { text: 'X', mode: 'exact', caseSensitive: false } });
    roundTrip({ colorScheme: 'self', orientation: 'flame' });
    roundTrip({ colorScheme: 'total' });
  });

  it('round-trips adversarial names', () => {
    const names = [
      '',
      ';',
      'a;b;c',
      '/usr/lib/x86_64-linux-gnu/libc.so.6',
      'k=v&x=y#frag?q',
      'quote " backslash \\ newline \n tab \t nul \u0000',
      '日本語の関数',
      '🔥 flame 🔥',
      'e\u0301 combining',
      'lone \ud800 surrogate',
      '%20%2F',
      'x'.repeat(100_000),
      'std::vector<std::basic_string<char>, std::allocator<std::basic_string<char>>>::push_back',
    ];
    roundTrip({ zoomPath: names, selectedPath: names.slice(0, 3), sandwich: names[8] });
    for (const name of names) {
      roundTrip({ zoomPath: [name], search: { text: name, mode: 'exact' }, view: name });
    }
    roundTrip({ zoomPath: [], selectedPath: [] });
    roundTrip({ zoomPath: ['', '', ''] });
  });

  it('stores the selected path relative to the zoom path, in every arrangement', () => {
    const zoom = ['a', 'b', 'c'];
    for (const selectedPath of [
      ['a', 'b', 'c', 'd'],
      ['a', 'b'],
      ['a', 'x', 'c'],
      ['x'],
      [],
      ['a', 'b', 'c'],
    ]) {
      roundTrip({ zoomPath: zoom, selectedPath });
      roundTrip({ selectedPath });
    }
    // Sharing the zoom path makes a deep selection cost little more than the zoom alone.
    const zoomOnly = encodeViewState({ zoomPath: goZoom }).length;
    const both = encodeViewState({ zoomPath: goZoom, selectedPath: [...goZoom, 'x'] }).length;
    expect(both - zoomOnly).toBeLessThan(20);
  });

  it('round-trips random states', () => {
    let seed = 7;
    const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
    const alphabet = ['a', 'Z', ';', '/', '=', '.', ' ', '"', '\\', 'é', '字', '😀', '\n', '%'];
    const name = () =>
      Array.from({ length: Math.floor(random() * 12) }, () => pick(alphabet)).join('');
    const path = () => Array.from({ length: Math.floor(random() * 6) }, name);
    for (let i = 0; i < 200; i++) {
      const state: FlameGraphViewState = {};
      if (random() < 0.6) state.zoomPath = path();
      if (random() < 0.5) state.selectedPath = [...(state.zoomPath ?? []).slice(0, 2), ...path()];
      if (random() < 0.5) {
        state.search = { text: name(), mode: pick(['substring', 'regex', 'exact'] as const) };
        if (random() < 0.5) state.search.caseSensitive = random() < 0.5;
      }
      if (random() < 0.3) state.colorScheme = pick(['package', 'total', 'self'] as const);
      if (random() < 0.3) state.orientation = pick(['flame', 'icicle'] as const);
      if (random() < 0.2) state.sandwich = name();
      if (random() < 0.2) state.view = name();
      roundTrip(state);
    }
  });

  it('encodes the empty state as the empty string', () => {
    expect(encodeViewState({})).toBe('');
    expect(decodeViewState('')).toEqual({});
    expect(encodeViewState({ zoomPath: undefined })).toBe('');
  });

  it('keeps a typical state short, compressing repeated name prefixes', () => {
    const state: FlameGraphViewState = {
      zoomPath: goZoom,
      search: { text: 'symdb', mode: 'substring' },
      colorScheme: 'package',
    };
    const text = roundTrip(state);
    const plainJsonLength = JSON.stringify(state).length;
    expect(text.length).toBeLessThan(2000);
    // Base64 alone would make it 4/3 of the JSON; the shared prefixes must win that back and more.
    expect(text.length).toBeLessThan(plainJsonLength);
    expect(text[0]).toBe('z');
    // A small state is not worth deflating.
    expect(encodeViewState({ orientation: 'icicle' })[0]).toBe('j');
    // A very long, repetitive name still compresses well.
    expect(roundTrip({ zoomPath: ['x'.repeat(100_000)] }).length).toBeLessThan(1000);
  });

  it('ignores keys and choices it does not know, as from a newer version', () => {
    expect(decodeViewState(jsonForm({ z: ['a'], future: { x: 1 }, c: 'self' }))).toEqual({
      zoomPath: ['a'],
      colorScheme: 'self',
    });
    expect(decodeViewState(jsonForm({ c: 'rainbow', o: 'sideways', s: ['a', 'glob'] }))).toEqual(
      {},
    );
    expect(decodeViewState(jsonForm({ ['__proto__']: { z: ['polluted'] } }))).toEqual({});
  });

  it('throws parse-error naming the problem for garbage', () => {
    expect(parseError('x123').message).toContain('starts with "x"');
    expect(parseError('j!!').message).toContain('"!"');
    expect(parseError('jab?').message).toContain('not base64url');
    expect(parseError('jabcde').message).toContain('length');
    expect(parseError('j').message).toContain('nothing follows');
    expect(parseError('j' + base64url(Buffer.from('not json'))).message).toContain('JSON');
    expect(parseError('j' + base64url(new Uint8Array([0xff, 0xfe]))).message).toContain('UTF-8');
    expect(parseError(jsonForm([1, 2])).message).toContain('not a JSON object');
    expect(parseError(jsonForm(null)).message).toContain('not a JSON object');
    expect(parseError(jsonForm({ z: 'a;b' })).message).toContain('zoom path');
    expect(parseError(jsonForm({ z: ['a', 1] })).message).toContain('only strings');
    expect(parseError(jsonForm({ p: ['a'] })).message).toContain('selected path');
    expect(parseError(jsonForm({ z: ['a'], p: [2, 'b'] })).message).toContain('from 0 to 1');
    expect(parseError(jsonForm({ s: 'a' })).message).toContain('search');
    expect(parseError(jsonForm({ s: ['a', 'exact', true] })).message).toContain('search');
    expect(parseError(jsonForm({ c: 3 })).message).toContain('colour scheme');
    expect(parseError(jsonForm({ w: ['a'] })).message).toContain('sandwich');
    expect(parseError(jsonForm({ v: 1 })).message).toContain('view');
    expect(parseError('z' + base64url(Buffer.from('not deflate at all'))).message).toContain(
      'inflate',
    );
    expect(parseError('z').message).toContain('nothing follows');
    expect(
      parseError('z' + base64url(deflateSync(new Uint8Array(9))).slice(0, -2)).message,
    ).toContain('inflate');
    expect(parseError(123 as unknown as string).message).toContain('number');
  });

  it('throws parse-error for truncated and corrupted encodings', () => {
    const text = encodeViewState({ zoomPath: goZoom, search: { text: 'a', mode: 'regex' } });
    expect(text[0]).toBe('z');
    for (let cut = 1; cut < text.length; cut += 7) parseError(text.slice(0, cut));
    // Flip one character at a time: each result is either an error of our kind or a valid state.
    for (let i = 1; i < text.length; i += 5) {
      const flipped = text.slice(0, i) + (text[i] === 'A' ? 'B' : 'A') + text.slice(i + 1);
      try {
        decodeViewState(flipped);
      } catch (error) {
        expect((error as FlamekitError).code).toBe('parse-error');
      }
    }
  });

  it('refuses a state that inflates beyond the limit', () => {
    const bomb = deflateSync(new Uint8Array(VIEW_STATE_INFLATED_LIMIT + 1), { level: 9 });
    expect(parseError('z' + base64url(bomb)).message).toContain('inflates to more than');
  });

  it('throws invalid-argument when asked to encode a malformed state', () => {
    const bad = [
      { zoomPath: 'a;b' },
      { selectedPath: [1] },
      { search: { text: 1, mode: 'exact' } },
      { search: { text: 'a', mode: 'glob' } },
      { colorScheme: 'rainbow' },
      { orientation: 'up' },
      { sandwich: 1 },
      { view: null },
    ];
    for (const state of bad) {
      const error = catchError(() => encodeViewState(state as unknown as FlameGraphViewState));
      expect((error as FlamekitError).code, JSON.stringify(state)).toBe('invalid-argument');
    }
  });

  it('carries the sample type and the text alignment of an explorer', () => {
    const state = {
      view: 'both',
      sampleType: 'inuse_space',
      textAlign: 'right' as const,
      sandwich: 'runtime.mallocgc',
    };
    const text = encodeViewState(state);
    expect(encodeURIComponent(text)).toBe(text);
    expect(decodeViewState(text)).toEqual(state);
    // An unknown alignment from a newer version is dropped, not an error.
    const newer = decodeViewState(encodeViewState({ view: 'x' }));
    expect(newer.textAlign).toBeUndefined();
  });

  it('carries the diff modes, and refuses unknown ones when encoding', () => {
    const state = {
      diffColorMode: 'absolute' as const,
      diffPalette: 'colorblind' as const,
      diffWidthMode: 'comparison' as const,
    };
    expect(decodeViewState(encodeViewState(state))).toEqual(state);
    const error = catchError(() =>
      encodeViewState({ diffPalette: 'neon' as 'default' }),
    ) as FlamekitError;
    expect([error.code, error.message]).toEqual([
      'invalid-argument',
      expect.stringContaining('diffPalette'),
    ]);
  });
  describe('series fields', () => {
    // Epoch nanoseconds of 2025-11-24 00:00 UTC, past 2^53: every double here is a multiple of 256.
    const day = Date.UTC(2025, 10, 24) * 1e6;
    const hour = 3600e9;

    it('round-trips ranges exactly, doubles of any size included', () => {
      roundTrip({ ranges: { selection: { startNs: day, endNs: day + hour } } });
      roundTrip({
        ranges: {
          baseline: { startNs: day, endNs: day + 256 },
          comparison: { startNs: day + 12 * hour, endNs: day + 24 * hour },
          tiny: { startNs: 0.1 + 0.2, endNs: 0.3000000000000001 },
          huge: { startNs: -Number.MAX_VALUE, endNs: Number.MAX_VALUE },
          subnormal: { startNs: 0, endNs: Number.MIN_VALUE },
        },
      });
      roundTrip({ ranges: {} });
      // 0.1 + 0.2 is one ulp above 0.3, and `tiny` ends one ulp later: rounding loses them.
      expect(0.1 + 0.2).not.toBe(0.3);
      expect(0.3000000000000001).not.toBe(0.1 + 0.2);
    });

    it('round-trips the selector, grouping, modes and label comparison', () => {
      roundTrip({ labelSelector: '{service="api", pod=~"api-.*"}', groupBy: 'pod' });
      roundTrip({ labelSelector: '', groupBy: '' });
      for (const seriesMode of ['single', 'compare'] as const) {
        for (const compareBy of ['time', 'label'] as const) roundTrip({ seriesMode, compareBy });
      }
      roundTrip({ labelComparison: { name: 'version', baseline: '1', comparison: '2' } });
      roundTrip({ labelComparison: { name: '"; \n', baseline: '', comparison: '🔥' } });
    });

    it('carries a whole series view next to the flame graph fields, short', () => {
      const text = roundTrip({
        view: 'top-table',
        search: { text: 'mallocgc', mode: 'substring' },
        seriesMode: 'compare',
        compareBy: 'time',
        labelSelector: '{service="checkout", region!="eu"}',
        groupBy: 'version',
        ranges: {
          baseline: { startNs: day + 9 * hour, endNs: day + 10 * hour },
          comparison: { startNs: day + 13 * hour, endNs: day + 14 * hour },
        },
      });
      expect(text.length).toBeLessThan(250);
    });

    it('stores ranges as [startNs, endNs] under r, and the rest under their short keys', () => {
      const text = encodeViewState({
        ranges: { selection: { startNs: 1, endNs: 2 } },
        labelSelector: '{a="b"}',
        groupBy: 'pod',
        seriesMode: 'compare',
        compareBy: 'label',
        labelComparison: { name: 'v', baseline: '1', comparison: '2' },
      });
      const bytes = Buffer.from(text.slice(1), 'base64url');
      const json = Buffer.from(text[0] === 'z' ? inflateSync(bytes) : bytes).toString();
      expect(JSON.parse(json)).toEqual({
        r: { selection: [1, 2] },
        l: '{a="b"}',
        g: 'pod',
        m: 'compare',
        cb: 'label',
        lc: ['v', '1', '2'],
      });
    });

    it('keeps prototype keys as range ids without polluting anything', () => {
      const hostile = '{"r":{"__proto__":[1,2],"constructor":[3,4],"toString":[5,6]}}';
      const decoded = decodeViewState('j' + base64url(Buffer.from(hostile)));
      const ranges = decoded.ranges!;
      expect(Object.getPrototypeOf(ranges)).toBeNull();
      expect(Object.keys(ranges)).toEqual(['__proto__', 'constructor', 'toString']);
      expect(ranges['__proto__']).toEqual({ startNs: 1, endNs: 2 });
      expect(ranges.constructor).toEqual({ startNs: 3, endNs: 4 });
      expect(({} as Record<string, unknown>).startNs).toBeUndefined();
      expect(Object.getPrototypeOf({})).toBe(Object.prototype);
      // And back: the ids survive encoding too.
      expect(decodeViewState(encodeViewState(decoded))).toEqual(decoded);
      const own = Object.fromEntries([['__proto__', { startNs: 7, endNs: 8 }]]);
      expect(decodeViewState(encodeViewState({ ranges: own })).ranges!['__proto__']).toEqual({
        startNs: 7,
        endNs: 8,
      });
      // A __proto__ key at the top level is not a field, and sets no prototype.
      const top = decodeViewState(jsonForm(JSON.parse('{"__proto__":{"m":"compare"},"g":"x"}')));
      expect(top).toEqual({ groupBy: 'x' });
      expect(top.seriesMode).toBeUndefined();
    });

    it('drops modes it does not know, as from a newer version', () => {
      expect(decodeViewState(jsonForm({ m: 'triple', cb: 'pod', g: 'a' }))).toEqual({
        groupBy: 'a',
      });
    });

    it('throws parse-error naming the field for malformed series fields', () => {
      const cases: [unknown, string][] = [
        [{ r: [[1, 2]] }, 'field r (ranges) is not an object'],
        [{ r: null }, 'field r (ranges) is not an object'],
        [{ r: { a: [2, 1] } }, 'field r (ranges) at "a" must be [startNs, endNs]'],
        [{ r: { a: [1, 1] } }, 'startNs < endNs'],
        [{ r: { a: [1] } }, 'at "a"'],
        [{ r: { a: [1, 2, 3] } }, 'at "a"'],
        [{ r: { a: ['1', 2] } }, 'at "a"'],
        [{ r: { a: { startNs: 1, endNs: 2 } } }, 'at "a"'],
        [{ l: ['{}'] }, 'field l (label selector) is not a string'],
        [{ g: 1 }, 'field g (group-by label) is not a string'],
        [{ m: 1 }, 'field m (series mode) is not a string'],
        [{ cb: true }, 'field cb (compare by) is not a string'],
        [{ lc: 'version' }, 'field lc (label comparison) is not an array'],
        [{ lc: ['v', '1'] }, 'must be [name, baseline, comparison]'],
        [{ lc: ['v', '1', 2] }, 'field lc (label comparison) must hold only strings'],
      ];
      for (const [compact, message] of cases) {
        expect(parseError(jsonForm(compact)).message, JSON.stringify(compact)).toContain(message);
      }
      // JSON has no Infinity, but 1e999 parses to it.
      const infinite = 'j' + base64url(Buffer.from('{"r":{"a":[1,1e999]}}'));
      expect(parseError(infinite).message).toContain('finite numbers');
    });

    it('throws invalid-argument naming the field when asked to encode a malformed one', () => {
      const cases: [unknown, string][] = [
        [{ ranges: { a: { startNs: 2, endNs: 1 } } }, 'ranges["a"] is { startNs: 2, endNs: 1 }'],
        [{ ranges: { a: { startNs: NaN, endNs: 1 } } }, 'finite numbers'],
        [{ ranges: { a: { startNs: 1, endNs: Infinity } } }, 'finite numbers'],
        [{ ranges: { a: { startNs: 1n, endNs: 2n } } }, 'bigint'],
        [{ ranges: { a: null } }, 'ranges["a"]'],
        [{ ranges: { a: 5 } }, 'ranges["a"]'],
        [{ ranges: null }, 'ranges must be an object'],
        [{ ranges: [{ startNs: 1, endNs: 2 }] }, 'ranges must be an object'],
        [{ labelSelector: 1 }, 'labelSelector is number'],
        [{ groupBy: {} }, 'groupBy is object'],
        [{ seriesMode: 'triple' }, 'seriesMode "triple" is unknown; use "single", "compare"'],
        [{ compareBy: 'pod' }, 'compareBy "pod" is unknown'],
        [{ labelComparison: { name: 'v', baseline: 1, comparison: '2' } }, 'labelComparison'],
        [{ labelComparison: null }, 'labelComparison'],
        [{ search: null }, 'search must be'],
      ];
      for (const [state, message] of cases) {
        const error = catchError(() =>
          encodeViewState(state as FlameGraphViewState),
        ) as FlamekitError;
        expect([error.name, error.code]).toEqual(['FlamekitError', 'invalid-argument']);
        expect(error.message).toContain(message);
      }
    });
  });
});
