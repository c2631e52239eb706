/**
 * Calls `onChange` whenever `window.devicePixelRatio` changes (a window dragged to another screen,
 * a browser zoom). A media query matches only the current ratio, so it is renewed after each change.
 * Returns the function that stops watching. Without `matchMedia` (Node, tests) it does nothing.
 */
export function watchPixelRatio(onChange: () => void): () => void {
  if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return () => {};
  let query: MediaQueryList | undefined;
  const listen = () => {
    query = window.matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`);
    query.addEventListener('change', changed, { once: true });
  };
  const changed = () => {
    listen();
    onChange();
  };
  listen();
  return () => query?.removeEventListener('change', changed);
}
