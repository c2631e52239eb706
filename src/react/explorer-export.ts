import {
  computeSearch,
  findNodeByPath,
  searchMisses,
  type CallTree,
  type LabelValue,
} from '../core/index';
import type { FlameGraphTheme } from '../render/index';
import type { ExplorerState } from './explorer-state';
import type { PictureOptions } from './export-source';

/**
 * The explorer's view as picture options, so that an exported PNG, SVG or HTML shows what the
 * graph shows: the zoomed node, the search's misses faded, the colour scheme, orientation, label
 * alignment, theme and a diff's modes.
 */
export function explorerPictureOptions(
  tree: CallTree,
  state: ExplorerState,
  {
    unit,
    theme,
    labelValue,
  }: { unit: string; theme?: 'light' | 'dark' | FlameGraphTheme; labelValue?: LabelValue },
): PictureOptions {
  // The tree may be the graph's transformed one, so the search is run on it, not reused.
  const search = state.search.text ? computeSearch(tree, state.search) : undefined;
  const zoom = state.zoomPath.length > 0 ? findNodeByPath(tree, state.zoomPath) : 0;
  const dimmed = search && searchMisses(search);
  return {
    unit,
    focus: Math.max(0, zoom),
    ...(dimmed && { dimmed }),
    ...(theme !== undefined && { theme }),
    colorScheme: state.colorScheme,
    orientation: state.orientation,
    textAlign: state.textAlign,
    ...(labelValue && { labelValue }),
    diff: {
      colorMode: state.diffColorMode,
      palette: state.diffPalette,
      widthMode: state.diffWidthMode,
    },
  };
}
