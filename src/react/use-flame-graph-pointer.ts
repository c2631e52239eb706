import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type PointerEvent,
  type RefObject,
} from 'react';
import { flushSync } from 'react-dom';
import type { CallTree, FlameLayout, FrameIndex, NodeIndex } from '../core/index';
import type { FlameGraphRenderer, Orientation } from '../render/index';

export interface PointerOptions {
  renderer: RefObject<FlameGraphRenderer | undefined>;
  canvas: RefObject<HTMLCanvasElement | null>;
  /** The element that scrolls the rows (its scrollbar is the graph's). */
  scroller: RefObject<HTMLElement | null>;
  tree: CallTree | undefined;
  layout: FlameLayout | undefined;
  zoomNode: NodeIndex;
  size: { width: number; height: number };
  rowHeight: number;
  orientation: Orientation;
  /** The shallowest depth drawn (the renderer's `firstDepth`). */
  firstDepth?: number;
  onClickNode: (node: NodeIndex) => void;
  onDoubleClick: () => void;
  onContextMenu: (node: NodeIndex, x: number, y: number) => void;
  /** The first plain wheel over the graph (which scrolls, not zooms): time to say how to zoom. */
  onPlainWheel?: () => void;
}

type Range = { valueStart: number; valueEnd: number };

const DRAG_THRESHOLD = 3;

/**
 * Pointer, wheel, scroll and drag for the flame graph: hover (with every box of the hovered
 * function highlighted), click, Ctrl/⌘ + wheel zoom around the pointer, Shift + wheel pan, a
 * plain wheel and the scrollbar scrolling the rows, drag to pan both ways. A free zoom from the
 * wheel is a value range that lasts until the next node zoom or reset.
 *
 * Moves, wheels and scrolls are continuous events, which React would render in a later task, a
 * frame after the browser dispatched them (Chrome dispatches them at the start of a frame). Their
 * state changes are flushed at once (`flushSync`), so that the tooltip and the redraw the graph
 * requests in its layout effects land in the frame after the input, as with a click or a key.
 */
export function useFlameGraphPointer(options: PointerOptions) {
  const { renderer, canvas, scroller, tree, layout, zoomNode, size, rowHeight, orientation } =
    options;
  const [hover, setHover] = useState<{ node: NodeIndex; x: number; y: number } | undefined>();
  const [range, setRange] = useState<Range | undefined>();
  const [scrollTop, setScrollTop] = useState(0);
  const drag = useRef<
    { x: number; y: number; range: Range; scrollTop: number; moved: boolean } | undefined
  >(undefined);
  const hintShown = useRef(false);
  const callbacks = useRef(options);
  callbacks.current = options;

  const firstDepth = options.firstDepth ?? 0;
  const maxScroll = layout
    ? Math.max(0, (layout.rowCount - firstDepth) * rowHeight - size.height)
    : 0;
  const clampScroll = useCallback(
    (value: number) => Math.min(Math.max(0, value), maxScroll),
    [maxScroll],
  );

  // A node zoom replaces any free zoom, and brings the zoomed row into view: in the same commit
  // (a layout effect), so that the zoom is drawn once, in the frame after the click.
  useLayoutEffect(() => {
    setRange(undefined);
    if (tree) setScrollTop((current) => scrollToShow(tree.depth[zoomNode], current));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [zoomNode, tree]);

  const scrollToShow = (depth: number, current: number): number => {
    const top = Math.max(0, depth - firstDepth) * rowHeight;
    if (top >= current && top + rowHeight <= current + size.height) return current;
    return clampScroll(top - size.height / 2);
  };

  const currentRange = (): Range => {
    const viewport = renderer.current?.viewport;
    return viewport
      ? { valueStart: viewport.valueStart, valueEnd: viewport.valueEnd }
      : { valueStart: 0, valueEnd: 1 };
  };
  const position = (event: { clientX: number; clientY: number }) => {
    const rect = canvas.current?.getBoundingClientRect();
    return { x: event.clientX - (rect?.left ?? 0), y: event.clientY - (rect?.top ?? 0) };
  };

  // The scroll container is the scrollbar people see and what a plain wheel scrolls; the state
  // is the renderer's distance from the root row, which a flame graph counts from the bottom.
  const toNative = useCallback(
    (value: number) => (orientation === 'flame' ? maxScroll - value : value),
    [orientation, maxScroll],
  );
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const target = toNative(scrollTop);
    if (Math.abs(element.scrollTop - target) >= 1) element.scrollTop = target;
  }, [scroller, scrollTop, toNative]);
  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    const next = clampScroll(toNative(element.scrollTop));
    flushSync(() => setScrollTop((current) => (Math.abs(current - next) < 1 ? current : next)));
  };

  // Wheel: a native, non-passive listener, because React's is passive and cannot keep the page
  // from zooming. A plain vertical wheel is left to the browser: it scrolls the graph's hidden
  // rows, then the page, as over an embedded map. Ctrl/⌘ + wheel (and a trackpad pinch, which
  // browsers send as a wheel with ctrlKey) zooms around the pointer; Shift + wheel or a
  // horizontal swipe pans.
  useEffect(() => {
    const element = canvas.current;
    if (!element || !layout) return;
    const onWheel = (event: WheelEvent) => {
      const horizontal = Math.abs(event.deltaX) > Math.abs(event.deltaY);
      const zooming = event.ctrlKey || event.metaKey;
      if (!zooming && !horizontal && !event.shiftKey) {
        if (!hintShown.current) {
          hintShown.current = true;
          callbacks.current.onPlainWheel?.();
        }
        return;
      }
      event.preventDefault();
      const scale = event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? size.height : 1;
      const { x } = position(event);
      const { valueStart, valueEnd } = currentRange();
      const span = valueEnd - valueStart;
      const total = layout.totalWidth || 1;
      let next: Range;
      if (!zooming) {
        const delta = horizontal ? event.deltaX : event.deltaY || event.deltaX;
        const shift = ((delta * scale) / size.width) * span;
        const start = Math.min(Math.max(0, valueStart + shift), total - span);
        next = { valueStart: start, valueEnd: start + span };
      } else {
        const newSpan = Math.min(
          total,
          Math.max(total * 1e-9, span * Math.exp(event.deltaY * scale * 0.002)),
        );
        const anchor = valueStart + (x / size.width) * span;
        const start = Math.min(Math.max(0, anchor - (x / size.width) * newSpan), total - newSpan);
        next = { valueStart: start, valueEnd: start + newSpan };
      }
      flushSync(() => setRange(next));
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [canvas, layout, size]);

  // Every box of the hovered function is outlined; the root stands for no function.
  const highlightedFrame: FrameIndex =
    hover && tree && hover.node > 0 && hover.node < tree.nodeCount ? tree.frame[hover.node] : -1;

  const handlers = {
    onPointerDown(event: PointerEvent<HTMLCanvasElement>) {
      if (event.button !== 0) return;
      const { x, y } = position(event);
      drag.current = { x, y, range: currentRange(), scrollTop, moved: false };
      try {
        event.currentTarget.setPointerCapture(event.pointerId); // keep the drag when the pointer leaves the canvas
      } catch {
        // Not an active pointer (synthetic events): dragging still works inside the canvas.
      }
    },
    onPointerMove(event: PointerEvent<HTMLCanvasElement>) {
      const { x, y } = position(event);
      const start = drag.current;
      if (start && event.buttons & 1) {
        const dx = x - start.x;
        const dy = y - start.y;
        if (!start.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
        start.moved = true;
        const span = start.range.valueEnd - start.range.valueStart;
        const total = layout?.totalWidth || 1;
        const valueStart = Math.min(
          Math.max(0, start.range.valueStart - (dx / size.width) * span),
          Math.max(0, total - span),
        );
        flushSync(() => {
          setHover(undefined);
          setRange({ valueStart, valueEnd: valueStart + span });
          setScrollTop(clampScroll(start.scrollTop + (orientation === 'flame' ? dy : -dy)));
        });
        return;
      }
      const node = renderer.current?.hitTest(x, y) ?? -1;
      flushSync(() => setHover(node >= 0 ? { node, x, y } : undefined));
    },
    onPointerUp(event: PointerEvent<HTMLCanvasElement>) {
      const start = drag.current;
      drag.current = undefined;
      if (!start || start.moved) return;
      const { x, y } = position(event);
      const node = renderer.current?.hitTest(x, y) ?? -1;
      if (node >= 0) callbacks.current.onClickNode(node);
    },
    onPointerLeave() {
      if (!drag.current) flushSync(() => setHover(undefined));
    },
    onDoubleClick() {
      callbacks.current.onDoubleClick();
    },
    onContextMenu(event: PointerEvent<HTMLCanvasElement> | React.MouseEvent<HTMLCanvasElement>) {
      const { x, y } = position(event);
      const node = renderer.current?.hitTest(x, y) ?? -1;
      if (node < 0) return;
      event.preventDefault();
      callbacks.current.onContextMenu(node, x, y);
    },
  };

  return {
    handlers,
    onScroll,
    hover,
    highlightedFrame,
    range,
    scrollTop,
    resetView: () => {
      setRange(undefined);
      setScrollTop(0);
    },
    /** Scrolls so that a node's row is visible. */
    reveal: (node: NodeIndex) =>
      tree && setScrollTop((current) => scrollToShow(tree.depth[node], current)),
  };
}
