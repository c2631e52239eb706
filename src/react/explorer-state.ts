import {
  decodeViewState,
  encodeViewState,
  type DiffColorMode,
  type DiffPalette,
  type DiffWidthMode,
  type FlameGraphViewState,
  type NodePath,
  type SearchQuery,
} from '../core/index';
import type { Orientation } from '../render/index';

export type ExplorerView =
  | 'flame-graph'
  | 'top-table'
  | 'both'
  | 'sandwich'
  | 'call-tree'
  /** The flame chart of a profile with a time order (the flame graph for one without). */
  | 'flame-chart';

/** Everything the explorer shows besides its data; serialisable with {@link encodeExplorerState}. */
export interface ExplorerState {
  view: ExplorerView;
  /** The sample type by name; the profile's default when absent. */
  sampleType?: string;
  /**
   * The profile of a file of several, or the thread (or `All threads`), by its name in
   * `profile.alternatives.names`; the import's choice when absent.
   */
  profile?: string;
  search: SearchQuery;
  zoomPath: NodePath;
  selectedPath?: NodePath;
  /** The function of the sandwich view. */
  sandwich?: string;
  colorScheme: 'package' | 'total' | 'self';
  orientation: Orientation;
  textAlign: 'left' | 'right';
  /** How a diff (a profile that compares two) is coloured and laid out. */
  diffColorMode: DiffColorMode;
  diffPalette: DiffPalette;
  diffWidthMode: DiffWidthMode;
}

export const DEFAULT_EXPLORER_STATE: ExplorerState = {
  view: 'flame-graph',
  search: { text: '', mode: 'substring' },
  zoomPath: [],
  colorScheme: 'package',
  orientation: 'flame',
  textAlign: 'left',
  diffColorMode: 'relative',
  diffPalette: 'default',
  diffWidthMode: 'both',
};

const VIEWS: readonly ExplorerView[] = [
  'flame-graph',
  'top-table',
  'both',
  'sandwich',
  'call-tree',
  'flame-chart',
];

/** The state as a short URL-safe string (defaults are left out). */
export function encodeExplorerState(state: ExplorerState): string {
  return encodeViewState(explorerStateToViewState(state));
}

/** The state a string from {@link encodeExplorerState} stands for; throws FlamekitError on garbage. */
export function decodeExplorerState(text: string): ExplorerState {
  return explorerStateFromViewState(decodeViewState(text));
}

/**
 * The fields of `state` that differ from {@link DEFAULT_EXPLORER_STATE}, as view-state fields:
 * what {@link encodeExplorerState} writes, for encoders that add fields of their own.
 */
export function explorerStateToViewState(state: ExplorerState): FlameGraphViewState {
  const d = DEFAULT_EXPLORER_STATE;
  return {
    ...(state.view !== d.view && { view: state.view }),
    ...(state.sampleType !== undefined && { sampleType: state.sampleType }),
    ...(state.profile !== undefined && { profile: state.profile }),
    ...(state.search.text !== '' && { search: state.search }),
    ...(state.zoomPath.length > 0 && { zoomPath: state.zoomPath }),
    ...(state.selectedPath && { selectedPath: state.selectedPath }),
    ...(state.sandwich !== undefined && { sandwich: state.sandwich }),
    ...(state.colorScheme !== d.colorScheme && { colorScheme: state.colorScheme }),
    ...(state.orientation !== d.orientation && { orientation: state.orientation }),
    ...(state.textAlign !== d.textAlign && { textAlign: state.textAlign }),
    ...(state.diffColorMode !== d.diffColorMode && { diffColorMode: state.diffColorMode }),
    ...(state.diffPalette !== d.diffPalette && { diffPalette: state.diffPalette }),
    ...(state.diffWidthMode !== d.diffWidthMode && { diffWidthMode: state.diffWidthMode }),
  };
}

/**
 * The explorer state that decoded view-state fields stand for, defaults where they are absent; a
 * view name the explorer does not know (another app's, or a newer version's) is dropped.
 */
export function explorerStateFromViewState(decoded: FlameGraphViewState): ExplorerState {
  const view = VIEWS.find((candidate) => candidate === decoded.view);
  return {
    ...DEFAULT_EXPLORER_STATE,
    ...(view && { view }),
    ...(decoded.sampleType !== undefined && { sampleType: decoded.sampleType }),
    ...(decoded.profile !== undefined && { profile: decoded.profile }),
    ...(decoded.search && { search: decoded.search }),
    ...(decoded.zoomPath && { zoomPath: decoded.zoomPath }),
    ...(decoded.selectedPath && { selectedPath: decoded.selectedPath }),
    ...(decoded.sandwich !== undefined && { sandwich: decoded.sandwich }),
    ...(decoded.colorScheme && { colorScheme: decoded.colorScheme }),
    ...(decoded.orientation && { orientation: decoded.orientation }),
    ...(decoded.textAlign && { textAlign: decoded.textAlign }),
    ...(decoded.diffColorMode && { diffColorMode: decoded.diffColorMode }),
    ...(decoded.diffPalette && { diffPalette: decoded.diffPalette }),
    ...(decoded.diffWidthMode && { diffWidthMode: decoded.diffWidthMode }),
  };
}
