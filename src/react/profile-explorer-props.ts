import type { ReactNode } from 'react';
import type { LabelValue, Profile, ProfileInput } from '../core/index';
import type { ContextMenuItem } from './ContextMenu';
import type { ExplorerState } from './explorer-state';
import type { ExportedFile } from './export-files';
import type { ExportFileFormat } from './export-source';
import type { FlameGraphHandle, FlameGraphNode, FlameGraphProps } from './flame-graph-props';
import type { ThemedProps } from './use-theme';
import type { ProfileImporter } from '../worker/client';

// What a host passes to <ProfileExplorer> and gets back through `ref`. ProfileExplorer.tsx is the
// component.

export interface ProfileExplorerProps extends ThemedProps {
  /** A profile already imported... */
  profile?: Profile;
  /** ...or a file's bytes or text, imported here (an import error is shown, not thrown). */
  input?: ProfileInput;
  /**
   * Where `input` is imported. By default in flamekit's own Web Worker where module workers
   * exist, so that the page stays responsive while the explorer shows the import's progress in
   * place (a new `input` cancels an import under way); on the main thread elsewhere, or when the
   * worker script cannot load. A `ProfileImporter` (`createProfileImporter(worker)`) imports in
   * the host's worker; `false` on the main thread (the importers are then loaded on demand).
   */
  importer?: ProfileImporter | false;
  state?: ExplorerState;
  defaultState?: Partial<ExplorerState>;
  /**
   * Every change of view, search, zoom, selection, sandwich, scheme, orientation or alignment,
   * as the whole new state. Changes made in one event (a click zooms and selects) arrive each
   * with the ones before it applied, so `onStateChange={setState}` keeps them all.
   */
  onStateChange?: (state: ExplorerState) => void;
  /**
   * Height of the main view in CSS px, or `'auto'` (the default): the flame graph as tall as its
   * rows up to `maxHeight`, the tables `maxHeight` tall at most 480.
   */
  height?: number | 'auto';
  /** The most an `'auto'` height grows to. Default 600. */
  maxHeight?: number;
  /** What a label shows after the name when there is room. Default `'share'` (of the profile). */
  labelValue?: LabelValue;
  /** A click on a box of the flame graph, with the node. */
  onNodeClick?: FlameGraphProps['onNodeClick'];
  /** The pointer moved onto a box of the flame graph, or off every box. */
  onNodeHover?: FlameGraphProps['onNodeHover'];
  /** A right click on a box of the flame graph, before flamekit's menu opens. */
  onNodeContextMenu?: FlameGraphProps['onNodeContextMenu'];
  /**
   * The formats of the toolbar's Export menu (pictures of the view as shown, the profile in other
   * formats); default all, `false` for no menu.
   */
  exportFormats?: readonly ExportFileFormat[] | false;
  /** Receives exported files instead of the browser's download. */
  onExport?: (file: ExportedFile) => void;
  /** Host elements at the end of the toolbar (a share link...). */
  toolbarItems?: ReactNode;
  contextMenuItems?: (node: FlameGraphNode) => ContextMenuItem[];
  renderTooltip?: (node: FlameGraphNode) => ReactNode;
}

/** What a host can do to an explorer through `ref`: the flame graph's handle. */
export type ProfileExplorerHandle = FlameGraphHandle;
