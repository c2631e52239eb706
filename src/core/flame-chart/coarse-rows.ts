import type { FlameChartLane } from './flame-chart';

/**
 * A row of a flame chart lane at a coarse time resolution: its boxes narrower than `resolution`
 * merged into runs wherever they follow each other with less than `resolution` between them, its
 * wider boxes kept as they are. A view in which `resolution` is under a pixel draws the row from
 * these items exactly as from its boxes (a run's boxes would each be narrower than a pixel and
 * merged there too), and reads a few items per pixel instead of the times of every box near each
 * pixel's edge: for a view of most of a long recording, a few kilobytes a row instead of megabytes.
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
const MIN_BOXES = 16;

const levelsByLane = new WeakMap<FlameChartLane, (CoarseRow[] | undefined)[]>();

/**
 * The coarsest level of row `depth` of `lane` whose resolution is at most `resolution` ns, or
 * undefined when the row has too few boxes to gain from one or the view is too close for any.
 * A row's levels are computed together the first time one is asked for, then kept with the lane.
 */
export function coarseRowFor(
  lane: FlameChartLane,
  depth: number,
  resolution: number,
): CoarseRow | undefined {
  let rows = levelsByLane.get(lane);
  if (!rows) levelsByLane.set(lane, (rows = []));
  const levels = (rows[depth] ??= computeCoarseLevels(lane, depth));
  // Levels go from coarse to fine; the first fine enough is the one with the fewest items.
  for (const level of levels) if (level.resolution <= resolution) return level;
  return undefined;
}

/**
 * The levels of a row worth keeping, coarsest first. Level `j` merges at resolution
 * span / 2^j and holds at most 3 · 2^j + 3 items (wide boxes, runs, and the gaps between them are
 * each at most 2^j). A level is kept only if it holds at most a quarter as many items as the row
 * has boxes and at most half as many as the finer level kept before it: a level that saves less
 * than half the walk is not worth its memory, and all of a row's levels together hold at most half
 * as many items as the row has boxes (10 bytes a box at most; usually far less).
 *
 * Items are counted before they are written, so nothing is allocated but the levels kept (a
 * chart's first paint computes the levels of every row in view, and garbage made there is
 * collected in the middle of the first zoom). Each level is merged from the finest level kept so
 * far (the same runs as from the boxes): the boxes are read at most four times, since from
 * 2^j ≤ boxes / 12 on a level always fits in a quarter of them.
 */
export function computeCoarseLevels(lane: FlameChartLane, depth: number): CoarseRow[] {
  const from = lane.rowStart[depth];
  const to = lane.rowStart[depth + 1];
  const boxes = to - from;
  const span = boxes > 0 ? lane.end[to - 1] - lane.start[from] : 0;
  if (!(span > 0) || boxes < MIN_BOXES) return [];
  const kept: CoarseRow[] = [];
  let source: ItemSource = { start: lane.start, end: lane.end, box: undefined, from, to };
  let limit = boxes / 4;
  for (let j = Math.floor(Math.log2(boxes)) - 1; j >= 0; j--) {
    const resolution = span / 2 ** j;
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
