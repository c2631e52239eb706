import { deflateSync } from 'fflate';
import { FlamekitError } from '../errors';
import type { NodePath } from '../views/node-path';
import type { SearchQuery } from '../views/search';
import type { TimeRange } from '../series/series-types';
import { decodeBase64Url, encodeBase64Url, fail, inflateLimited } from './view-state-codec';

/**
 * Everything a view shows besides its data: what a link to "this view" must carry. The first
 * fields are a flame graph's; the last ones say which profiles of a series a series explorer shows.
 */
export interface FlameGraphViewState {
  /** The zoomed-in node, as frame names from the root's child down. */
  zoomPath?: NodePath;
  search?: SearchQuery;
  selectedPath?: NodePath;
  colorScheme?: 'package' | 'total' | 'self';
  orientation?: 'flame' | 'icicle';
  /** The function whose callers and callees the sandwich view shows. */
  sandwich?: string;
  /** The host app's name for the active view (flame graph, table, ...). */
  view?: string;
  /** The sample type shown, by its name (`cpu`, `inuse_space`). */
  sampleType?: string;
  /** The profile or thread shown, by its name in `profile.alternatives` (`All threads`, `GeckoMain`). */
  profile?: string;
  /** Which end of a cut label is kept. */
  textAlign?: 'left' | 'right';
  /** A diff graph's colour metric, palette and widths. */
  diffColorMode?: 'relative' | 'absolute' | 'self';
  diffPalette?: 'default' | 'colorblind';
  diffWidthMode?: 'comparison' | 'baseline' | 'both';
  /**
   * Time ranges by id (`selection`, `baseline`, `comparison`), each with finite `startNs <
   * endNs`. Decoded ranges are a null-prototype object, so that no id (not even `__proto__`) can
   * reach `Object.prototype`.
   */
  ranges?: Record<string, TimeRange>;
  /** Label matchers as selector text, such as `{service="api"}` (see `formatLabelSelector`). */
  labelSelector?: string;
  /** The label a timeline is split by. */
  groupBy?: string;
  /** One profile of a series, or a comparison of two. */
  seriesMode?: 'single' | 'compare';
  /** What a comparison compares: two time ranges or two values of a label. */
  compareBy?: 'time' | 'label';
  /** The label and its two values that a comparison by label compares. */
  labelComparison?: { name: string; baseline: string; comparison: string };
  /** A profile source's profile type, by its id (`process_cpu:cpu:nanoseconds:cpu:nanoseconds`). */
  profileType?: string;
  /** The view of a fleet explorer: its services, profile types, labels, flame graph or diff. */
  fleetView?: 'services' | 'profile-types' | 'labels' | 'flame-graph' | 'diff';
  /** Whether two compared ranges keep one length. */
  syncRanges?: boolean;
  /** The node whose function's source lines are shown, by its path. */
  sourcePath?: NodePath;
}

/**
 * Decoding refuses states that inflate to more than this many bytes, so that a hostile link
 * cannot make a page allocate gigabytes (deflate reaches ratios of about 1,000 to 1).
 */
export const VIEW_STATE_INFLATED_LIMIT = 16 * 1024 * 1024;

const SEARCH_MODES = ['substring', 'regex', 'exact'] as const;

/** Fields that are one string: the field, its short key, and its name in decoding errors. */
const STRING_FIELDS = [
  ['sandwich', 'w', 'sandwich'],
  ['view', 'v', 'view'],
  ['sampleType', 't', 'sample type'],
  ['profile', 'pr', 'profile'],
  ['labelSelector', 'l', 'label selector'],
  ['groupBy', 'g', 'group-by label'],
  ['profileType', 'pt', 'profile type'],
] as const;

/** Fields that are one of a few words; as above, then the words. */
const CHOICE_FIELDS = [
  ['colorScheme', 'c', 'colour scheme', ['package', 'total', 'self']],
  ['orientation', 'o', 'orientation', ['flame', 'icicle']],
  ['textAlign', 'a', 'text alignment', ['left', 'right']],
  ['diffColorMode', 'dc', 'diff colour mode', ['relative', 'absolute', 'self']],
  ['diffPalette', 'dp', 'diff palette', ['default', 'colorblind']],
  ['diffWidthMode', 'dw', 'diff width mode', ['comparison', 'baseline', 'both']],
  ['seriesMode', 'm', 'series mode', ['single', 'compare']],
  ['compareBy', 'cb', 'compare by', ['time', 'label']],
  ['fleetView', 'fv', 'fleet view', ['services', 'profile-types', 'labels', 'flame-graph', 'diff']],
] as const;

/**
 * The state as a short string of `[A-Za-z0-9_-]` that needs no escaping in a URL. The empty state
 * is the empty string.
 *
 * Format (changes go in CHANGELOG.md): the first character names the form, `j`
 * for base64url of UTF-8 JSON or `z` for base64url of raw-DEFLATE of that JSON, whichever is
 * shorter (deflate shares the prefixes that Go and Java names repeat). The JSON holds short keys:
 * `z` zoom path, `p` selected path as `[names shared with the zoom path, ...the other names]`,
 * `s` search as `[text, mode, caseSensitive as 0 or 1]`, `c` colour scheme, `o` orientation,
 * `w` sandwich, `v` view, `t` sample type, `pr` profile (or thread), `a` text alignment, `dc`/`dp`/`dw` a diff's colour
 * mode, palette and width mode; for a series: `r` ranges as `{ id: [startNs, endNs] }` (JSON
 * numbers, which carry every double exactly), `l` label selector text, `g` group-by label, `m`
 * series mode, `cb` compare by, `lc` label comparison as `[name, baseline, comparison]`; for a
 * profile source: `pt` profile type, `fv` fleet view, `sr` synced ranges as 0 or 1, `sp` the path
 * of the node whose source lines are shown. A later
 * version may add keys; a new incompatible form takes a new letter.
 *
 * Throws {@link FlamekitError} `invalid-argument` for a field of the wrong type, an unknown
 * choice, or a range that is not finite numbers with `startNs < endNs`.
 *
 * ```ts
 * const text = encodeViewState({ zoomPath: ['main', 'run'], colorScheme: 'self' });
 * decodeViewState(text); // { zoomPath: ['main', 'run'], colorScheme: 'self' }
 * ```
 */
export function encodeViewState(state: FlameGraphViewState): string {
  const compact: Record<string, unknown> = {};
  const { zoomPath, selectedPath, search, ranges, labelComparison } = state;
  if (zoomPath !== undefined) compact.z = checkPath(zoomPath, 'zoomPath');
  if (state.sourcePath !== undefined) compact.sp = checkPath(state.sourcePath, 'sourcePath');
  if (selectedPath !== undefined) {
    const path = checkPath(selectedPath, 'selectedPath');
    const zoom = zoomPath ?? [];
    let shared = 0;
    while (shared < path.length && shared < zoom.length && path[shared] === zoom[shared]) shared++;
    compact.p = [shared, ...path.slice(shared)];
  }
  if (search !== undefined) {
    if (typeof search?.text !== 'string' || !SEARCH_MODES.includes(search.mode)) {
      throw new FlamekitError(
        'invalid-argument',
        'search must be { text: string, mode: "substring" | "regex" | "exact" }',
      );
    }
    compact.s =
      search.caseSensitive === undefined
        ? [search.text, search.mode]
        : [search.text, search.mode, search.caseSensitive ? 1 : 0];
  }
  for (const [field, key] of STRING_FIELDS) {
    if (state[field] !== undefined) compact[key] = checkString(state[field], field);
  }
  for (const [field, key, , choices] of CHOICE_FIELDS) {
    const value: string | undefined = state[field];
    if (value !== undefined) compact[key] = checkChoice(value, choices, field);
  }
  if (ranges !== undefined) compact.r = compactRanges(ranges);
  if (state.syncRanges !== undefined) {
    if (typeof state.syncRanges !== 'boolean') {
      throw new FlamekitError('invalid-argument', 'syncRanges must be true or false');
    }
    compact.sr = state.syncRanges ? 1 : 0;
  }
  if (labelComparison !== undefined) {
    const { name, baseline, comparison } = (labelComparison ?? {}) as Partial<
      typeof labelComparison
    >;
    if (![name, baseline, comparison].every((part) => typeof part === 'string')) {
      throw new FlamekitError(
        'invalid-argument',
        'labelComparison must be { name, baseline, comparison }, all three strings',
      );
    }
    compact.lc = [name, baseline, comparison];
  }
  if (Object.keys(compact).length === 0) return '';
  const json = new TextEncoder().encode(JSON.stringify(compact));
  const raw = 'j' + encodeBase64Url(json);
  if (json.length < 40 || json.length > VIEW_STATE_INFLATED_LIMIT) return raw;
  const deflated = 'z' + encodeBase64Url(deflateSync(json, { level: 9 }));
  return deflated.length < raw.length ? deflated : raw;
}

/**
 * Reads a string made by {@link encodeViewState}. Keys it does not know (from a newer version)
 * and values it does not know for the search mode and the fields that are a choice of words
 * (`colorScheme`, `orientation`, `seriesMode`, ...) are dropped; anything else that is wrong
 * throws {@link FlamekitError} `parse-error` saying what.
 *
 * ```ts
 * decodeViewState(encodeViewState({ orientation: 'icicle' })); // { orientation: 'icicle' }
 * decodeViewState('j!!'); // throws FlamekitError('parse-error', ...)
 * ```
 */
export function decodeViewState(text: string): FlameGraphViewState {
  if (typeof text !== 'string') fail(`it is ${typeof text}, not a string`);
  if (text === '') return {};
  const form = text[0];
  if (form !== 'j' && form !== 'z') {
    fail(
      `it starts with "${text[0]}", not "j" or "z" (not a view state, or one from a newer version)`,
    );
  }
  if (text.length === 1) fail(`nothing follows the form letter "${form}"`);
  let bytes = decodeBase64Url(text, 1);
  if (form === 'z') bytes = inflateLimited(bytes, VIEW_STATE_INFLATED_LIMIT);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    fail(
      `its content is not UTF-8 JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (!isJsonObject(parsed)) fail('its content is not a JSON object');
  const compact = parsed;
  const field = (key: string) => (Object.hasOwn(compact, key) ? compact[key] : undefined);
  const state: FlameGraphViewState = {};
  const zoom = field('z');
  if (zoom !== undefined) state.zoomPath = readStrings(zoom, 0, 'z (zoom path)');
  const sourcePath = field('sp');
  if (sourcePath !== undefined) state.sourcePath = readStrings(sourcePath, 0, 'sp (source path)');
  const selected = field('p');
  if (selected !== undefined) {
    const shared = Array.isArray(selected) ? selected[0] : undefined;
    const zoomLength = state.zoomPath?.length ?? 0;
    if (!Number.isInteger(shared) || (shared as number) < 0 || (shared as number) > zoomLength) {
      fail(`field p (selected path) must start with a count from 0 to ${zoomLength}`);
    }
    const rest = readStrings(selected, 1, 'p (selected path)');
    state.selectedPath = [...(state.zoomPath ?? []).slice(0, shared as number), ...rest];
  }
  const search = field('s');
  if (search !== undefined) {
    const [searchText, mode, caseSensitive] = Array.isArray(search) ? search : [];
    if (
      !Array.isArray(search) ||
      typeof searchText !== 'string' ||
      typeof mode !== 'string' ||
      (caseSensitive !== undefined && caseSensitive !== 0 && caseSensitive !== 1)
    ) {
      fail('field s (search) must be [text, mode] or [text, mode, 0 or 1]');
    }
    if ((SEARCH_MODES as readonly string[]).includes(mode)) {
      state.search = { text: searchText, mode: mode as SearchQuery['mode'] };
      if (caseSensitive !== undefined) state.search.caseSensitive = caseSensitive === 1;
    }
  }
  // The tables type each field; writing through a plain record keeps the loops generic.
  const fields = state as Record<string, unknown>;
  for (const [name, key, words] of STRING_FIELDS) {
    const value = field(key);
    if (value !== undefined) fields[name] = readString(value, `${key} (${words})`);
  }
  for (const [name, key, words, choices] of CHOICE_FIELDS) {
    const value = readChoice(field(key), choices, `${key} (${words})`);
    if (value !== undefined) fields[name] = value;
  }
  const ranges = field('r');
  if (ranges !== undefined) state.ranges = readRanges(ranges);
  const syncRanges = field('sr');
  if (syncRanges !== undefined) {
    if (syncRanges !== 0 && syncRanges !== 1) fail('field sr (synced ranges) must be 0 or 1');
    state.syncRanges = syncRanges === 1;
  }
  const labelComparison = field('lc');
  if (labelComparison !== undefined) {
    const parts = readStrings(labelComparison, 0, 'lc (label comparison)');
    if (parts.length !== 3) {
      fail('field lc (label comparison) must be [name, baseline, comparison]');
    }
    const [name, baseline, comparison] = parts;
    state.labelComparison = { name, baseline, comparison };
  }
  return state;
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function compactRanges(ranges: Record<string, TimeRange>): Record<string, [number, number]> {
  if (!isJsonObject(ranges)) {
    throw new FlamekitError('invalid-argument', 'ranges must be an object of id to TimeRange');
  }
  const compact: Record<string, [number, number]> = Object.create(null);
  for (const [id, range] of Object.entries(ranges)) {
    const { startNs, endNs } = (range ?? {}) as Partial<TimeRange>;
    if (!isTime(startNs) || !isTime(endNs) || startNs >= endNs) {
      throw new FlamekitError(
        'invalid-argument',
        `ranges[${JSON.stringify(id)}] is { startNs: ${String(startNs)}, endNs: ${String(endNs)} }; ` +
          'use finite numbers (epoch nanoseconds; Number() of a bigint) with startNs < endNs',
      );
    }
    compact[id] = [startNs, endNs];
  }
  return compact;
}

/** Into a null-prototype object: a range id is any string, `__proto__` and `constructor` too. */
function readRanges(value: unknown): Record<string, TimeRange> {
  if (!isJsonObject(value)) fail('field r (ranges) is not an object of id to [startNs, endNs]');
  const ranges: Record<string, TimeRange> = Object.create(null);
  for (const id of Object.keys(value)) {
    const range = value[id];
    if (
      !Array.isArray(range) ||
      range.length !== 2 ||
      !isTime(range[0]) ||
      !isTime(range[1]) ||
      range[0] >= range[1]
    ) {
      fail(
        `field r (ranges) at ${JSON.stringify(id)} must be [startNs, endNs], finite numbers with startNs < endNs`,
      );
    }
    ranges[id] = { startNs: range[0], endNs: range[1] };
  }
  return ranges;
}

function checkPath(path: NodePath, name: string): NodePath {
  if (!Array.isArray(path) || !path.every((part) => typeof part === 'string')) {
    throw new FlamekitError('invalid-argument', `${name} must be an array of frame names`);
  }
  return path;
}

function checkString(value: string, name: string): string {
  if (typeof value !== 'string') {
    throw new FlamekitError('invalid-argument', `${name} is ${typeof value}; use a string`);
  }
  return value;
}

function checkChoice(value: string, choices: readonly string[], name: string): string {
  if (!choices.includes(value)) {
    throw new FlamekitError(
      'invalid-argument',
      `${name} "${String(value)}" is unknown; use ${choices.map((c) => `"${c}"`).join(', ')}`,
    );
  }
  return value;
}

function readStrings(value: unknown, from: number, name: string): string[] {
  if (!Array.isArray(value)) fail(`field ${name} is not an array`);
  const result = value.slice(from);
  if (!result.every((part) => typeof part === 'string')) {
    fail(`field ${name} must hold only strings`);
  }
  return result as string[];
}

function readString(value: unknown, name: string): string {
  if (typeof value !== 'string') fail(`field ${name} is not a string`);
  return value;
}

/** A known choice, or undefined for an absent value or one a newer version added. */
function readChoice(value: unknown, choices: readonly string[], name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') fail(`field ${name} is not a string`);
  return choices.includes(value) ? value : undefined;
}
