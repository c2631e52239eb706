import type { ReactNode } from 'react';
import type {
  CallTree,
  ColorScheme,
  LabelValue,
  NodeIndex,
  NodePath,
  NodeSummary,
  Profile,
  SearchQuery,
} from '../core/index';
import type { Orientation } from '../render/index';
import type { ContextMenuItem } from './ContextMenu';
import type { ExportedFile } from './export-files';
import type { ExportFileFormat, PictureOptions } from './export-source';
import type { TreeTransform } from './tree-transforms';
import type { ThemedProps } from './use-theme';

// What a host passes to <FlameGraph> and gets back from it: props, the node its callbacks receive,
// the handle behind `ref`. FlameGraph.tsx is the component.

/** A colour per node (`0xRRGGBB`) and an optional mark per node, for {@link FlameGraphProps.nodeStyle}. */
export interface NodeStyle {
  colorOf: (node: NodeIndex) => number;
  markOf?: (node: NodeIndex) => number;
}

/** What host callbacks receive about a node. */
export interface FlameGraphNode {
  node: NodeIndex;
  tree: CallTree;
  path: NodePath;
  summary: NodeSummary;
}

/** What a host can do to a graph through `ref`, as other canvas chart libraries let it. */
export interface FlameGraphHandle {
  /** Zooms to the node at this path of names from the root (`[]`: the whole graph). */
  zoomTo(path: NodePath): void;
  /** Back to the whole graph: no zoom, no free zoom from the wheel. */
  reset(): void;
  /** Moves the keyboard focus to the graph. */
  focus(): void;
  /** Searches for the text (substring, case-insensitive); `''` clears the search. */
  search(text: string): void;
}

/** The event of {@link FlameGraphProps.onNodeContextMenu}; `preventDefault()` keeps flamekit's menu shut. */
export interface NodeContextMenuEvent {
  /** Where, in CSS px of the viewport. */
  clientX: number;
  clientY: number;
  preventDefault(): void;
}

export interface FlameGraphProps extends ThemedProps {
  /** The profile to show (its default sample type unless `sampleType` says otherwise)... */
  profile?: Profile;
  sampleType?: number | string;
  /** ...or a tree directly. */
  tree?: CallTree;
  /** Unit of the values; by default the profile's sample type's unit. */
  unit?: string;

  zoomPath?: NodePath;
  defaultZoomPath?: NodePath;
  onZoomPathChange?: (path: NodePath) => void;
  search?: SearchQuery;
  defaultSearch?: SearchQuery;
  onSearchChange?: (search: SearchQuery) => void;
  selectedPath?: NodePath;
  defaultSelectedPath?: NodePath;
  onSelectedPathChange?: (path: NodePath | undefined) => void;
  colorScheme?: ColorScheme;
  defaultColorScheme?: ColorScheme;
  onColorSchemeChange?: (scheme: ColorScheme) => void;
  orientation?: Orientation;
  defaultOrientation?: Orientation;
  onOrientationChange?: (orientation: Orientation) => void;
  transforms?: readonly TreeTransform[];
  defaultTransforms?: readonly TreeTransform[];
  onTransformsChange?: (transforms: readonly TreeTransform[]) => void;

  textAlign?: 'left' | 'right';
  rowHeight?: number;
  /**
   * Height of the graph area in CSS px, or `'auto'` (the default): as tall as the graph's rows,
   * up to `maxHeight`. Rows that do not fit scroll inside, with a scrollbar; the width follows
   * the container.
   */
  height?: number | 'auto';
  /** The most an `'auto'` height grows to, in CSS px. Default 600. */
  maxHeight?: number;
  /**
   * The shallowest depth drawn: `1` leaves out the root row, `2` also its one child (a sandwich's
   * halves, whose function the view shows once between them). Default 0.
   */
  firstDepth?: number;
  /**
   * What a label shows after the function's name when there is room: its share of the whole
   * profile (`'share'`), its total (`'total'`) or nothing (`'none'`, the default here; the
   * explorer shows shares).
   */
  labelValue?: LabelValue;
  /**
   * Boxes too narrow for a label are drawn in a muted version of their colour, so the labelled
   * frames lead the eye. Default true (the diff graph turns it off: its colours carry meaning).
   */
  muteNarrowBoxes?: boolean;
  /** A click on a box (after flamekit zooms to it and selects it). */
  onNodeClick?: (node: FlameGraphNode) => void;
  /** The pointer moved onto a box, or off every box (`undefined`). */
  onNodeHover?: (node: FlameGraphNode | undefined) => void;
  /** A right click (or the keyboard's menu key) on a box, before flamekit's menu opens. */
  onNodeContextMenu?: (node: FlameGraphNode, event: NodeContextMenuEvent) => void;
  /** Show the search bar, Back and Reset. Default true; an explorer with its own toolbar turns it off. */
  toolbar?: boolean;
  /** Extra items for the context menu. */
  contextMenuItems?: (node: FlameGraphNode) => ContextMenuItem[];
  /** Extra content at the end of the tooltip. */
  renderTooltip?: (node: FlameGraphNode) => ReactNode;
  /**
   * What the root's total stands for in the tooltip ("12 % of <this>"). Default "profile"; a
   * sandwich's halves, whose root is the function, name the function.
   */
  totalLabel?: string;
  /** Adds "Open in sandwich view" to the context menu. */
  onOpenSandwich?: (functionName: string) => void;
  /**
   * How boxes look, instead of `colorScheme`: given the shown tree (after transforms) and the
   * theme's palette, a colour per node and optionally a mark (the renderer's MARK_NEW /
   * MARK_REMOVED hatching). The diff graph uses it; a host can too.
   */
  nodeStyle?: (tree: CallTree, palette: 'light' | 'dark') => NodeStyle;
  /** Layout widths of the shown tree, instead of each node's total (the diff graph's width modes). */
  layoutWeight?: (tree: CallTree) => Float64Array;
  /** What the aria-live region says about the selected node, instead of its total and self. */
  describeSelection?: (node: FlameGraphNode, unit: string) => string;
  /**
   * The formats of the toolbar's Export menu: PNG, SVG and HTML of the view as shown (zoom,
   * search, colour scheme, orientation, theme), and with `profile` the profile's formats. Default
   * all; `false` for no menu. Pictures use the colour scheme, or a diff's colours: a custom
   * `nodeStyle` is not exported.
   */
  exportFormats?: readonly ExportFileFormat[] | false;
  /** Receives exported files instead of the browser's download. */
  onExport?: (file: ExportedFile) => void;
  /** Picture options added to the view's (the diff graph passes its modes). */
  exportPicture?: PictureOptions;
  /** Extra elements at the end of the toolbar (in a row of their own when `toolbar` is false). */
  toolbarItems?: ReactNode;
  /** Content under the graph, such as a legend. */
  footer?: ReactNode;
  'aria-label'?: string;
}
