/**
 * What a person sees wrong on a page at a glance, found in the DOM (run in the page by
 * `page.evaluate`): the page scrolling sideways, an element sticking out of its container where
 * nothing clips it, and text wrapped inside a word. Returns one line per problem.
 *
 * - Out of its container: an element's box past its parent's left or right edge (1 px slack) when
 *   the parent does not clip or scroll sideways. Absolutely placed elements (tooltips, menus,
 *   overlays) and the inside of SVG pictures are left out: they are placed on purpose.
 * - Wrapped inside a word: a run of non-blank characters whose line boxes sit on two lines (a
 *   break after a hyphen, as typesetters break compounds, is allowed).
 */
export function findVisualProblems(rootSelector: string): string[] {
  const problems: string[] = [];
  const root = document.querySelector(rootSelector);
  if (!root) return [`no ${rootSelector} on the page`];
  const page = document.documentElement;
  if (page.scrollWidth > page.clientWidth + 1)
    problems.push(`the page scrolls sideways by ${page.scrollWidth - page.clientWidth} px`);
  const describe = (element: Element) => {
    const data = element.getAttribute('data-flamekit');
    const label = element.getAttribute('aria-label');
    const text = (element.textContent ?? '').trim().slice(0, 30);
    return `<${element.tagName.toLowerCase()}${data ? ` data-flamekit=${data}` : ''}${label ? ` "${label}"` : ''}>${text ? ` (${text})` : ''}`;
  };
  const shown = (element: Element) => {
    const style = getComputedStyle(element);
    return style.display !== 'none' && style.visibility !== 'hidden';
  };
  for (const element of root.querySelectorAll('*')) {
    if (element instanceof SVGElement && element.tagName.toLowerCase() !== 'svg') continue;
    const parent = element.parentElement;
    if (!parent || !shown(element)) continue;
    const style = getComputedStyle(element);
    if (style.position === 'absolute' || style.position === 'fixed') continue;
    // Hidden from sight on purpose (a screen reader's text): a 1 px box clipped to nothing.
    if (style.clip === 'rect(0px, 0px, 0px, 0px)' || style.clipPath === 'inset(50%)') continue;
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (getComputedStyle(parent).overflowX !== 'visible') continue;
    const frame = parent.getBoundingClientRect();
    if (box.right > frame.right + 1 || box.left < frame.left - 1)
      problems.push(
        `${describe(element)} sticks out of ${describe(parent)} by ${Math.round(Math.max(box.right - frame.right, frame.left - box.left))} px`,
      );
  }
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('svg, script, style') || !shown(parent)) continue;
    const text = node.textContent ?? '';
    for (const match of text.matchAll(/[^\s-]{2,}-?/g)) {
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const tops = [...range.getClientRects()]
        .filter((rect) => rect.width > 0)
        .map((rect) => rect.top)
        .sort((a, b) => a - b);
      // On two lines: tops further apart than a few pixels (one line's pieces share a top).
      if (tops.length > 1 && tops[tops.length - 1] - tops[0] > 4)
        problems.push(`"${match[0].slice(0, 40)}" is wrapped inside the word`);
    }
  }
  return problems;
}
