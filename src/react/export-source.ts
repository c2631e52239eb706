import type { CallTree, Profile } from '../core/index';
import type { SvgExportOptions } from '../render/index';

// What an export is made from: the format asked for, the tree and profile, the picture options.
// Both export-files.ts (the menu's entry) and export-writers.ts (loaded on the first export) read
// these, so they sit below both.

/** What the export menu offers: three pictures of the view and the profile in four formats. */
export type ExportFileFormat =
  'png' | 'svg' | 'html' | 'folded' | 'pprof' | 'speedscope' | 'flamebearer';

export type PictureOptions = SvgExportOptions & { pixelRatio?: number };

export interface ExportSource {
  /** The tree shown (a diff tree for a comparison): what the pictures draw. */
  tree: CallTree;
  /** The profile behind it: what the profile formats write. Without it they are not offered. */
  profile?: Profile;
  /** The sample type shown, for the formats that hold one (folded, flamebearer). */
  sampleType?: number | string;
  /**
   * The current view for the pictures: zoom (`focus`), search misses (`dimmed`), colours, theme.
   * A function is called only when a picture is made, so a large view costs nothing until then.
   */
  picture?: PictureOptions | (() => PictureOptions);
  /** The file name without its extension. Default `'flame-graph'` for pictures, `'profile'` else. */
  baseName?: string;
}
