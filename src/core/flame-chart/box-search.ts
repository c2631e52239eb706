import { boxDepth, boxStart, type FlameChart } from './flame-chart';

/** A box of a flame chart: its lane, and its index in the lane's box columns. */
export interface ChartBox {
  lane: number;
  box: number;
}

/**
 * The box of a matching frame after (`direction` 1) or before (-1) `from` in time order (then
 * lane, then depth), wrapping around at the ends; undefined when no box matches. `matches` has
 * 1 per matching frame (core's `computeFrameMatches`). Linear in the boxes: it runs once per
 * step a person asks for.
 */
export function findMatchingBox(
  chart: FlameChart,
  matches: Uint8Array,
  from: ChartBox | undefined,
  direction: 1 | -1,
): ChartBox | undefined {
  const key = (lane: number, box: number): [number, number, number] => [
    boxStart(chart.lane(lane), box),
    lane,
    boxDepth(chart.lane(lane), box),
  ];
  const compare = (a: [number, number, number], b: [number, number, number]) =>
    a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
  const origin = from ? key(from.lane, from.box) : undefined;
  let best: { ref: ChartBox; key: [number, number, number] } | undefined;
  let wrap: { ref: ChartBox; key: [number, number, number] } | undefined;
  for (let index = 0; index < chart.rowCounts.length; index++) {
    const lane = chart.lane(index);
    for (let box = 0; box < lane.frame.length; box++) {
      if (!matches[lane.frame[box]]) continue;
      const candidate = { ref: { lane: lane.index, box }, key: key(lane.index, box) };
      const order = origin ? compare(candidate.key, origin) * direction : 1;
      if (order > 0 && (!best || compare(candidate.key, best.key) * direction < 0))
        best = candidate;
      if (!wrap || compare(candidate.key, wrap.key) * direction < 0) wrap = candidate;
    }
  }
  return (best ?? wrap)?.ref;
}
