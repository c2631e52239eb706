import type { KeyboardEvent, RefObject } from 'react';
import {
  boxEnd,
  boxStart,
  computeBoxNeighbour,
  type BoxStep,
  type ChartBox,
  type FlameChart,
} from '../core/index';
import type { FlameChartRenderer } from '../render/index';
import { zoomView, type ChartRange } from './use-flame-chart-pointer';

export interface ChartKeysOptions {
  chart: FlameChart;
  renderer: RefObject<FlameChartRenderer | undefined>;
  scroller: RefObject<HTMLElement | null>;
  view: ChartRange;
  setView: (view: ChartRange) => void;
  duration: number;
  size: { width: number; height: number };
  axisHeight: number;
  rowHeight: number;
  selected: ChartBox | undefined;
  select: (box: ChartBox | undefined) => void;
  hasSelection: boolean;
  clearSelection: () => void;
  focusSearch: () => void;
}

/**
 * The chart's keyboard, for people who do not use a pointer: arrows walk the boxes (up to the
 * caller, down to the longest callee, left and right to the boxes before and after in time),
 * Enter zooms to the chosen box, + and - (or W and S, as in the Performance panel) zoom, Shift +
 * arrows (or A and D) pan, Escape clears the selected range and then the zoom, / searches.
 * Returns the key handler and `reveal`, which brings a box into view.
 */
export function useFlameChartKeys(options: ChartKeysOptions) {
  const { chart, view, setView, duration, size } = options;
  const rangeOf = ({ lane, box }: ChartBox): ChartRange => ({
    start: boxStart(chart.lane(lane), box),
    end: boxEnd(chart.lane(lane), box),
  });
  const zoomTo = (box: ChartBox) => {
    const { start, end } = rangeOf(box);
    const margin = (end - start) * 0.05;
    setView({ start: start - margin, end: end + margin });
  };
  const reveal = (box: ChartBox) => {
    const { start, end } = rangeOf(box);
    if (end < view.start || start > view.end) {
      const half = (view.end - view.start) / 2;
      setView({ start: (start + end) / 2 - half, end: (start + end) / 2 + half });
    }
    const rect = options.renderer.current?.boxRect(box);
    const scroller = options.scroller.current;
    if (!rect || !scroller) return;
    const visible = size.height - options.axisHeight;
    const top = rect.y - options.axisHeight + scroller.scrollTop;
    if (top < scroller.scrollTop || top + options.rowHeight > scroller.scrollTop + visible)
      scroller.scrollTop = Math.max(0, top - visible / 2);
  };
  const step = (direction: BoxStep) => {
    const current = options.selected;
    const next = current
      ? {
          lane: current.lane,
          box: computeBoxNeighbour(chart.lane(current.lane), current.box, direction),
        }
      : firstBox(chart, view.start);
    if (!next) return;
    options.select(next);
    reveal(next);
  };
  const pan = (share: number) => {
    const shift = share * (view.end - view.start);
    setView({ start: view.start + shift, end: view.end + shift });
  };
  const zoom = (factor: number) =>
    setView(zoomView(view, factor, size.width / 2, size.width, duration));

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.target !== event.currentTarget) return;
    const { key, shiftKey } = event;
    let handled = true;
    if (key === 'ArrowUp') step('parent');
    else if (key === 'ArrowDown') step('longest-child');
    else if (key === 'ArrowLeft' && !shiftKey) step('previous');
    else if (key === 'ArrowRight' && !shiftKey) step('next');
    else if (key === 'Enter' && options.selected) zoomTo(options.selected);
    else if (key === '+' || key === '=' || key === 'w') zoom(0.8);
    else if (key === '-' || key === 's') zoom(1.25);
    else if (key === 'a' || (key === 'ArrowLeft' && shiftKey)) pan(-0.1);
    else if (key === 'd' || (key === 'ArrowRight' && shiftKey)) pan(0.1);
    else if (key === 'Escape' && options.hasSelection) options.clearSelection();
    else if (key === 'Escape') setView({ start: 0, end: duration });
    else if (key === '/') options.focusSearch();
    else handled = false;
    if (handled) event.preventDefault();
  };
  return { onKeyDown, reveal, zoomTo };
}

/** The outermost box at or after a time in the first lane that has one: where the keys start. */
function firstBox(chart: FlameChart, time: number): ChartBox | undefined {
  for (let index = 0; index < chart.rowCounts.length; index++) {
    const lane = chart.lane(index);
    const end = lane.rowCount > 0 ? lane.rowStart[1] : 0;
    for (let box = 0; box < end; box++)
      if (boxEnd(lane, box) > time) return { lane: lane.index, box };
  }
  return undefined;
}
