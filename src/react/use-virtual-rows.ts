import {
  Virtualizer,
  elementScroll,
  observeElementOffset,
  observeElementRect,
  type VirtualItem,
} from '@tanstack/virtual-core';
import { useLayoutEffect, useReducer, useRef, useState, type RefObject } from 'react';

export interface VirtualRows {
  items: VirtualItem[];
  totalSize: number;
  scrollToIndex(index: number): void;
}

/**
 * Virtual rows for a scrolling list with @tanstack/virtual-core: only the rows in view (plus a
 * few) are rendered, so a table of 100,000 functions scrolls like one of 50. `height` is the
 * viewport's height, used before the element is measured (and where nothing can measure, such as
 * tests without layout).
 */
export function useVirtualRows(
  scrollElement: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
  height: number,
): VirtualRows {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const declaredHeight = useRef(height);
  declaredHeight.current = height;
  const [virtualizer] = useState(
    () =>
      new Virtualizer<HTMLElement, HTMLElement>({
        count,
        estimateSize: () => rowHeight,
        getScrollElement: () => scrollElement.current,
        // An element not laid out yet (or a test without layout) measures 0: use the declared height.
        observeElementRect: (instance, callback) =>
          observeElementRect(instance, (rect) =>
            callback(
              rect.height > 0 ? rect : { width: rect.width, height: declaredHeight.current },
            ),
          ),
        observeElementOffset,
        scrollToFn: elementScroll,
        overscan: 8,
        initialRect: { width: 0, height },
        onChange: () => rerender(),
      }),
  );
  virtualizer.setOptions({
    ...virtualizer.options,
    count,
    estimateSize: () => rowHeight,
    initialRect: { width: 0, height },
    onChange: () => rerender(),
  });
  useLayoutEffect(() => virtualizer._didMount(), [virtualizer]);
  useLayoutEffect(() => {
    virtualizer._willUpdate();
  });
  return {
    items: virtualizer.getVirtualItems(),
    totalSize: virtualizer.getTotalSize(),
    scrollToIndex: (index) => virtualizer.scrollToIndex(index, { align: 'auto' }),
  };
}
