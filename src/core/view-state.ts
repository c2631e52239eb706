import { Inflate, deflateSync } from 'fflate';
import { FlamekitError } from './errors';
import type { NodePath } from './node-path';
import type { SearchQuery } from './search';

/** Everything a flame graph shows besides its data: what a link to "this view" must carry. */
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
  /** Which end of a cut label is kept. */
  textAlign?: 'left' | 'right';
  /** A diff graph's colour metric, palette and widths. */
  diffColorMode?: 'relative' | 'absolute' | 'self';
  diffPalette?: 'default' | 'colorblind';
  diffWidthMode?: 'comparison' | 'baseline' | 'both';
}

/**
 * Decoding refuses states that inflate to more than this many bytes, so that a hostile link
 * cannot make a page allocate gigabytes (deflate reaches ratios of about 1,000 to 1).
 */
export const VIEW_STATE_INFLATED_LIMIT = 16 * 1024 * 1024;

const SEARCH_MODES = ['substring', 'regex', 'exact'] as const;
const COLOR_SCHEMES = ['package', 'total', 'self'] as const;
const ORIENTATIONS = ['flame', 'icicle'] as const;
const TEXT_ALIGNS = ['left', 'right'] as const;
const DIFF_COLOR_MODES = ['relative', 'absolute', 'self'] as const;
const DIFF_PALETTES = ['default', 'colorblind'] as const;
const DIFF_WIDTH_MODES = ['comparison', 'baseline', 'both'] as const;
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * The state as a short string of `[A-Za-z0-9_-]` that needs no escaping in a URL. The empty state
 * is the empty string.
 *
 * Format (changes go in docs' export-format changelog): the first character names the form, `j`
 * for base64url of UTF-8 JSON or `z` for base64url of raw-DEFLATE of that JSON, whichever is
 * shorter (deflate shares the prefixes that Go and Java names repeat). The JSON holds short keys:
 * `z` zoom path, `p` selected path as `[names shared with the zoom path, ...the other names]`,
 * `s` search as `[text, mode, caseSensitive as 0 or 1]`, `c` colour scheme, `o` orientation,
 * `w` sandwich, `v` view, `t` sample type, `a` text alignment, `dc`/`dp`/`dw` a diff's colour
 * mode, palette and width mode. A later version may add keys; a new incompatible form takes a new letter.
 *
 * ```ts
 * const text = encodeViewState({ zoomPath: ['main', 'run'], colorScheme: 'self' });
 * decodeViewState(text); // { zoomPath: ['main', 'run'], colorScheme: 'self' }
 * ```
 */
export function encodeViewState(state: FlameGraphViewState): string {
  const compact: Record<string, unknown> = {};
  const { zoomPath, selectedPath, search } = state;
  if (zoomPath !== undefined) compact.z = checkPath(zoomPath, 'zoomPath');
  if (selectedPath !== undefined) {
    const path = checkPath(selectedPath, 'selectedPath');
    const zoom = zoomPath ?? [];
    let shared = 0;
    while (shared < path.length && shared < zoom.length && path[shared] === zoom[shared]) shared++;
    compact.p = [shared, ...path.slice(shared)];
  }
  if (search !== undefined) {
    if (typeof search.text !== 'string' || !SEARCH_MODES.includes(search.mode)) {
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
  if (state.colorScheme !== undefined)
    compact.c = checkChoice(state.colorScheme, COLOR_SCHEMES, 'colorScheme');
  if (state.orientation !== undefined)
    compact.o = checkChoice(state.orientation, ORIENTATIONS, 'orientation');
  if (state.sandwich !== undefined) compact.w = checkString(state.sandwich, 'sandwich');
  if (state.view !== undefined) compact.v = checkString(state.view, 'view');
  if (state.sampleType !== undefined) compact.t = checkString(state.sampleType, 'sampleType');
  if (state.textAlign !== undefined)
    compact.a = checkChoice(state.textAlign, TEXT_ALIGNS, 'textAlign');
  if (state.diffColorMode !== undefined)
    compact.dc = checkChoice(state.diffColorMode, DIFF_COLOR_MODES, 'diffColorMode');
  if (state.diffPalette !== undefined)
    compact.dp = checkChoice(state.diffPalette, DIFF_PALETTES, 'diffPalette');
  if (state.diffWidthMode !== undefined)
    compact.dw = checkChoice(state.diffWidthMode, DIFF_WIDTH_MODES, 'diffWidthMode');
  if (Object.keys(compact).length === 0) return '';
  const json = new TextEncoder().encode(JSON.stringify(compact));
  const raw = 'j' + encodeBase64Url(json);
  if (json.length < 40 || json.length > VIEW_STATE_INFLATED_LIMIT) return raw;
  const deflated = 'z' + encodeBase64Url(deflateSync(json, { level: 9 }));
  return deflated.length < raw.length ? deflated : raw;
}

/**
 * Reads a string made by {@link encodeViewState}. Keys it does not know (from a newer version)
 * and values it does not know for `colorScheme`, `orientation` and the search mode are dropped;
 * anything else that is wrong throws {@link FlamekitError} `parse-error` saying what.
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
  if (form === 'z') bytes = inflateLimited(bytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    fail(
      `its content is not UTF-8 JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    fail('its content is not a JSON object');
  }
  const compact = parsed as Record<string, unknown>;
  const field = (key: string) => (Object.hasOwn(compact, key) ? compact[key] : undefined);
  const state: FlameGraphViewState = {};
  const zoom = field('z');
  if (zoom !== undefined) state.zoomPath = readStrings(zoom, 0, 'z (zoom path)');
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
  const colorScheme = readChoice(field('c'), COLOR_SCHEMES, 'c (colour scheme)');
  if (colorScheme !== undefined) state.colorScheme = colorScheme;
  const orientation = readChoice(field('o'), ORIENTATIONS, 'o (orientation)');
  if (orientation !== undefined) state.orientation = orientation;
  const sandwich = field('w');
  if (sandwich !== undefined) state.sandwich = readString(sandwich, 'w (sandwich)');
  const view = field('v');
  if (view !== undefined) state.view = readString(view, 'v (view)');
  const sampleType = field('t');
  if (sampleType !== undefined) state.sampleType = readString(sampleType, 't (sample type)');
  const textAlign = readChoice(field('a'), TEXT_ALIGNS, 'a (text alignment)');
  if (textAlign !== undefined) state.textAlign = textAlign;
  const diffColorMode = readChoice(field('dc'), DIFF_COLOR_MODES, 'dc (diff colour mode)');
  if (diffColorMode !== undefined) state.diffColorMode = diffColorMode;
  const diffPalette = readChoice(field('dp'), DIFF_PALETTES, 'dp (diff palette)');
  if (diffPalette !== undefined) state.diffPalette = diffPalette;
  const diffWidthMode = readChoice(field('dw'), DIFF_WIDTH_MODES, 'dw (diff width mode)');
  if (diffWidthMode !== undefined) state.diffWidthMode = diffWidthMode;
  return state;
}

function fail(reason: string): never {
  throw new FlamekitError('parse-error', `cannot be read: ${reason}`, {
    format: 'view-state',
  });
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

function checkChoice<T extends string>(value: T, choices: readonly T[], name: string): T {
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
function readChoice<T extends string>(
  value: unknown,
  choices: readonly T[],
  name: string,
): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') fail(`field ${name} is not a string`);
  return (choices as readonly string[]).includes(value) ? (value as T) : undefined;
}

function inflateLimited(bytes: Uint8Array): Uint8Array {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  const inflater = new Inflate((chunk, final) => {
    ended ||= final;
    size += chunk.length;
    if (size > VIEW_STATE_INFLATED_LIMIT) {
      fail(`it inflates to more than ${VIEW_STATE_INFLATED_LIMIT} bytes`);
    }
    chunks.push(chunk);
  });
  // Small pushes keep the output of each one small, so the limit acts before memory runs out.
  const step = 1024;
  try {
    for (let i = 0; i === 0 || i < bytes.length; i += step) {
      inflater.push(bytes.subarray(i, i + step), i + step >= bytes.length);
    }
  } catch (error) {
    if (error instanceof FlamekitError) throw error;
    fail(`it does not inflate (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!ended) fail('it does not inflate (the compressed data is cut short)');
  const result = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    result.set(chunk, offset);
    offset += chunk.length;
  }
  return result;
}

function encodeBase64Url(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const triple = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < chars; k++) text += BASE64URL[(triple >> (18 - 6 * k)) & 63];
  }
  return text;
}

/** Strict: only the alphabet, no padding, and unused trailing bits zero, so each state has one form. */
function decodeBase64Url(text: string, start: number): Uint8Array {
  const length = text.length - start;
  if (length % 4 === 1) fail(`its length ${text.length} is not a base64url length`);
  const bytes = new Uint8Array(Math.floor((length * 6) / 8));
  let bits = 0;
  let bitCount = 0;
  let out = 0;
  for (let i = start; i < text.length; i++) {
    const value = BASE64URL.indexOf(text[i]);
    if (value < 0) fail(`character ${i + 1} ("${text[i]}") is not base64url (A-Z a-z 0-9 - _)`);
    bits = ((bits << 6) | value) & 0xffffff;
    bitCount += 6;
    if (bitCount >= 8) {
      bitCount -= 8;
      bytes[out++] = (bits >> bitCount) & 0xff;
    }
  }
  if ((bits & ((1 << bitCount) - 1)) !== 0) fail('it ends with stray base64url bits (truncated?)');
  return bytes;
}
