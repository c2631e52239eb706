import type { FlameChartLane } from './flame-chart';

/**
 * A row of a flame chart lane at a coarse time resolution: its boxes narrower than `resolution`
 * merged into runs wherever they follow each other with less than `resolution` between them, its
 * wider boxes kept as they are. A view in which `resolution` is under a pixel draws the row from
 * these items as from its boxes (a run's boxes would each be narrower than a pixel and merged
 * there too), and reads a few items per pixel instead of the times of every box near each pixel's
 * edge: for a view of most of a long recording, kilobytes a row instead of megabytes.
 */
export interface CoarseRow {
  /** In ns: every box of a run is narrower than this, and so is every gap within a run. */
  resolution: number;
  /** Where each item starts and ends: its box's, or its run's first box's start and last's end. */
  start: Float64Array;
  end: Float64Array;
  /** The item's box, or `-1 - box` for a run starting at `box` (coloured as that box). */
  box: Int32Array;
}

/** Rows with fewer boxes than this get no coarse levels: walking them costs next to nothing. */
const MIN_BOXES = 1024;
/** No level coarser than one of this many items is made: walking it costs next to nothing. */
const FEWEST_ITEMS = 64;

/** The finest resolution {@link computeCoarseLevels} tries for a row; Infinity: it makes none. */
export function finestCoarseResolution(lane: FlameChartLane, depth: number): number {
  const from = lane.rowStart[depth];
  const to = lane.rowStart[depth + 1];
  const boxes = to - from;
  const span = boxes > 0 ? lane.end[to - 1] - lane.start[from] : 0;
  if (!(span > 0) || boxes < MIN_BOXES) return Infinity;
  return span / 2 ** (Math.floor(Math.log2(boxes)) - 1);
}

/**
 * The levels of a row worth keeping, coarsest first (none for a row of fewer than 1,024 boxes).
 * Level `j` merges at resolution span / 2^j and holds at most 2 · 2^j + 1 items: its wide boxes
 * and its gaps of at least the resolution together fit 2^j times in the span, and each run
 * follows one of them or starts the row. A level is kept only if it holds at most a quarter as
 * many items as the row has boxes and at most half as many as the finer level kept before it (a
 * level that saves less than half the walk is not worth its memory); none is made coarser than one
 * of 64 items. So all of a row's levels hold at most half as many items as it has boxes (10 bytes
 * a box), with a few hundred bytes of arrays a level.
 *
 * Items are counted before they are written, so nothing is allocated but the levels kept (a
 * chart's first paint computes the levels of every row in view, and garbage made there is
 * collected in the middle of the first zoom). Each level is merged from the finest level kept so
 * far (the same runs as from the boxes). The boxes are counted at most four times and read once
 * more to write the first level kept: from 2^j ≤ boxes / 8 - 1 on, a level fits in a quarter of
 * them.
 */
export function computeCoarseLevels(lane: FlameChartLane, depth: number): CoarseRow[] {
  const finest = finestCoarseResolution(lane, depth);
  if (finest === Infinity) return [];
  const from = lane.rowStart[depth];
  const to = lane.rowStart[depth + 1];
  const kept: CoarseRow[] = [];
  let source: ItemSource = { start: lane.start, end: lane.end, box: undefined, from, to };
  let limit = (to - from) / 4;
  // Coarser and coarser, until a level kept is small enough to be the last.
  for (let resolution = finest; limit > FEWEST_ITEMS / 2; resolution *= 2) {
    const count = mergeItems(source, resolution);
    if (count > limit) continue;
    const level: CoarseRow = {
      resolution,
      start: new Float64Array(count),
      end: new Float64Array(count),
      box: new Int32Array(count),
    };
    mergeItems(source, resolution, level);
    kept.unshift(level);
    limit = count / 2;
    source = { ...level, from: 0, to: count };
  }
  return kept;
}

interface ItemSource {
  start: Float64Array;
  end: Float64Array;
  /** The items' boxes as in {@link CoarseRow.box}; undefined: item `i` is box `i`. */
  box: Int32Array | undefined;
  from: number;
  to: number;
}

/**
 * Counts the items of one level merged from the items of a finer one (or from the boxes), and
 * writes them into `out` when given: an item narrower than `resolution`, or a run, joins the run
 * before it when the gap between them is under `resolution`, so the runs come out as they would
 * from the boxes themselves.
 */
function mergeItems(source: ItemSource, resolution: number, out?: CoarseRow): number {
  const { start, end, box, from, to } = source;
  let count = 0;
  let inRun = false;
  let lastEnd = 0;
  for (let i = from; i < to; i++) {
    const itemBox = box ? box[i] : i;
    const narrow = itemBox < 0 || end[i] - start[i] < resolution;
    if (!(narrow && inRun && start[i] - lastEnd < resolution)) {
      if (out) {
        out.start[count] = start[i];
        out.box[count] = narrow && itemBox >= 0 ? -1 - itemBox : itemBox;
      }
      count++;
      inRun = narrow;
    }
    lastEnd = end[i];
    if (out) out.end[count - 1] = lastEnd;
  }
  return count;
}
