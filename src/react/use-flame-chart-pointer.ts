import { useEffect, useRef, useState, type PointerEvent, type RefObject } from 'react';
import type { ChartBoxRef, FlameChartRenderer } from '../render/index';

/** A time range of the chart, in the time order's unit after its origin. */
export interface ChartRange {
  start: number;
  end: number;
}

export interface ChartPointerOptions {
  renderer: RefObject<FlameChartRenderer | undefined>;
  canvas: RefObject<HTMLCanvasElement | null>;
  /** The element that scrolls the lanes: a plain wheel is left to it. */
  scroller: RefObject<HTMLElement | null>;
  /** Length of the recording. */
  duration: number;
  view: ChartRange;
  setView: (view: ChartRange) => void;
  size: { width: number; height: number };
  axisHeight: number;
  onSelectBox: (box: ChartBoxRef | undefined) => void;
  onZoomBox: (box: ChartBoxRef) => void;
  /** A range dragged across the time axis, or with Shift held over the lanes. */
  onSelectRange: (range: ChartRange | undefined) => void;
  onPlainWheel?: () => void;
}

const DRAG_THRESHOLD = 3;

/** The narrowest view: a billionth of the recording (deeper than any profile's clock). */
export function clampView(view: ChartRange, duration: number): ChartRange {
  const total = duration > 0 ? duration : 1;
  const span = Math.min(total, Math.max(total * 1e-9, view.end - view.start));
  const start = Math.min(Math.max(0, view.start), total - span);
  return { start, end: start + span };
}

/** The view zoomed by `factor` (below 1 zooms in) around the time at `x` of a `width` wide view. */
export function zoomView(
  view: ChartRange,
  factor: number,
  x: number,
  width: number,
  duration: number,
): ChartRange {
  const span = view.end - view.start;
  const anchor = view.start + (x / width) * span;
  const next = span * factor;
  return clampView(
    { start: anchor - (x / width) * next, end: anchor - (x / width) * next + next },
    duration,
  );
}

/**
 * Pointer, wheel and touch for the flame chart, as on an embedded map: a plain wheel scrolls the
 * lanes and then the page; Ctrl/⌘ + wheel, a trackpad pinch (a wheel with ctrlKey) and a
 * two-finger pinch zoom around the pointer; Shift + wheel, a horizontal swipe and a drag pan.
 * A drag across the time axis, or with Shift held, selects a time range; a click selects a box,
 * a double-click zooms to it; hovering gives the box under the pointer.
 */
export function useFlameChartPointer(options: ChartPointerOptions) {
  const { renderer, canvas, scroller, duration, view, size } = options;
  const [hover, setHover] = useState<(ChartBoxRef & { x: number; y: number }) | undefined>();
  const [draftRange, setDraftRange] = useState<ChartRange | undefined>();
  const drag = useRef<
    | {
        kind: 'pan' | 'range';
        x: number;
        y: number;
        view: ChartRange;
        scrollTop: number;
        moved: boolean;
      }
    | undefined
  >(undefined);
  const touches = useRef(new Map<number, { x: number; y: number }>());
  const pinch = useRef<{ distance: number; view: ChartRange; x: number } | undefined>(undefined);
  const hintShown = useRef(false);
  const callbacks = useRef(options);
  callbacks.current = options;

  const position = (event: { clientX: number; clientY: number }) => {
    const rect = canvas.current?.getBoundingClientRect();
    return { x: event.clientX - (rect?.left ?? 0), y: event.clientY - (rect?.top ?? 0) };
  };
  const timeAt = (x: number, of: ChartRange = callbacks.current.view) =>
    of.start + (x / Math.max(1, size.width)) * (of.end - of.start);

  // A native, non-passive listener: React's wheel listener is passive and could not keep the page
  // from zooming or scrolling when the chart takes the wheel.
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      const horizontal = Math.abs(event.deltaX) > Math.abs(event.deltaY);
      const zooming = event.ctrlKey || event.metaKey;
      if (!zooming && !horizontal && !event.shiftKey) {
        if (!hintShown.current) {
          hintShown.current = true;
          callbacks.current.onPlainWheel?.();
        }
        return; // the browser scrolls the lanes, then the page
      }
      event.preventDefault();
      const scale = event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? size.height : 1;
      const current = callbacks.current.view;
      const { x } = position(event);
      if (zooming) {
        const factor = Math.exp(event.deltaY * scale * 0.002);
        callbacks.current.setView(zoomView(current, factor, x, size.width, duration));
        return;
      }
      const delta = horizontal ? event.deltaX : event.deltaY || event.deltaX;
      const shift = ((delta * scale) / size.width) * (current.end - current.start);
      callbacks.current.setView(
        clampView({ start: current.start + shift, end: current.end + shift }, duration),
      );
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scroller, size, duration]);

  const handlers = {
    onPointerDown(event: PointerEvent<HTMLCanvasElement>) {
      const point = position(event);
      if (event.pointerType === 'touch') {
        touches.current.set(event.pointerId, point);
        if (touches.current.size === 2) {
          const [a, b] = [...touches.current.values()];
          drag.current = undefined;
          pinch.current = { distance: Math.hypot(a.x - b.x, a.y - b.y), view, x: (a.x + b.x) / 2 };
          return;
        }
      }
      if (event.button !== 0) return;
      const kind = event.shiftKey || point.y < options.axisHeight ? 'range' : 'pan';
      const scrollTop = scroller.current?.scrollTop ?? 0;
      drag.current = { kind, ...point, view, scrollTop, moved: false };
      try {
        event.currentTarget.setPointerCapture(event.pointerId); // keep the drag outside the canvas
      } catch {
        // Synthetic pointers cannot be captured; the drag still works inside the canvas.
      }
    },
    onPointerMove(event: PointerEvent<HTMLCanvasElement>) {
      const point = position(event);
      if (touches.current.has(event.pointerId)) touches.current.set(event.pointerId, point);
      const pinching = pinch.current;
      if (pinching && touches.current.size === 2) {
        const [a, b] = [...touches.current.values()];
        const distance = Math.max(1, Math.hypot(a.x - b.x, a.y - b.y));
        const factor = pinching.distance / distance;
        callbacks.current.setView(
          zoomView(pinching.view, factor, pinching.x, size.width, duration),
        );
        return;
      }
      const start = drag.current;
      if (start && event.buttons & 1) {
        const dx = point.x - start.x;
        const dy = point.y - start.y;
        if (!start.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
        start.moved = true;
        setHover(undefined);
        if (start.kind === 'range') {
          const [a, b] = [timeAt(start.x, start.view), timeAt(point.x, start.view)];
          setDraftRange({
            start: Math.max(0, Math.min(a, b)),
            end: Math.min(duration, Math.max(a, b)),
          });
          return;
        }
        const shift = (dx / size.width) * (start.view.end - start.view.start);
        callbacks.current.setView(
          clampView({ start: start.view.start - shift, end: start.view.end - shift }, duration),
        );
        if (scroller.current) scroller.current.scrollTop = start.scrollTop - dy;
        return;
      }
      const box = renderer.current?.hitTest(point.x, point.y);
      setHover(box ? { ...box, ...point } : undefined);
    },
    onPointerUp(event: PointerEvent<HTMLCanvasElement>) {
      touches.current.delete(event.pointerId);
      if (touches.current.size < 2) pinch.current = undefined;
      const start = drag.current;
      drag.current = undefined;
      if (!start) return;
      if (start.kind === 'range') {
        setDraftRange(undefined);
        if (!start.moved) return callbacks.current.onSelectRange(undefined);
        const point = position(event);
        const [a, b] = [timeAt(start.x, start.view), timeAt(point.x, start.view)];
        const range = {
          start: Math.max(0, Math.min(a, b)),
          end: Math.min(duration, Math.max(a, b)),
        };
        return callbacks.current.onSelectRange(range.end > range.start ? range : undefined);
      }
      if (start.moved) return;
      const point = position(event);
      callbacks.current.onSelectBox(renderer.current?.hitTest(point.x, point.y));
    },
    onPointerCancel(event: PointerEvent<HTMLCanvasElement>) {
      touches.current.delete(event.pointerId);
      pinch.current = undefined;
      drag.current = undefined;
      setDraftRange(undefined);
    },
    onPointerLeave() {
      if (!drag.current) setHover(undefined);
    },
    onDoubleClick(event: { clientX: number; clientY: number }) {
      const point = position(event);
      const box = renderer.current?.hitTest(point.x, point.y);
      if (box) callbacks.current.onZoomBox(box);
    },
  };

  return { handlers, hover, draftRange, clearHover: () => setHover(undefined) };
}
