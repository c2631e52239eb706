import { useLayoutEffect, useState, type RefObject } from 'react';

/**
 * The CSS-pixel size of an element, following it as it resizes (ResizeObserver where there is one).
 * The first measure is taken before the browser paints, so that a part laid out by its width (the
 * explorer's toolbar) never shows one frame at the fallback's width inside a narrower page.
 */
export function useElementSize(
  ref: RefObject<HTMLElement | null>,
  fallback: { width: number; height: number },
): { width: number; height: number } {
  const [size, setSize] = useState(fallback);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => {
      const width = element.clientWidth || fallback.width;
      const height = element.clientHeight || fallback.height;
      setSize((current) =>
        current.width === width && current.height === height ? current : { width, height },
      );
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, fallback.width, fallback.height]);
  return size;
}
