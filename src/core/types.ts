/**
 * Integer ids used across the core. They are plain numbers at run time; the aliases say which
 * table an id points into, so that a node id is never passed where a frame id is expected.
 */

/** A node of a {@link CallTree}: its index in depth-first pre-order. Node 0 is the synthetic root. */
export type NodeIndex = number;

/** A frame in a {@link FrameTable}. */
export type FrameIndex = number;

/** A string in a {@link StringTable}. */
export type StringIndex = number;

/** One function (or one source line of it) as a profile names it. */
export interface Frame {
  name: string;
  /** Source file, when the profile records it. */
  file?: string;
  /** 1-based line. Absent (never 0) when the profile does not record it. */
  line?: number;
  /** Binary, package or module the frame belongs to, when known. */
  module?: string;
}
