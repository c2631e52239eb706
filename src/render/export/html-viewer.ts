import type { HtmlPageData, createViewerParts } from './html-viewer-parts';

/**
 * The page's script. It is put into the page as source text, called with the source of
 * {@link createViewerParts} (`(runFlameGraphPage)(createViewerParts)`), so it must not refer to
 * anything outside itself: no imports but types, no module constants, no helpers that a compiler
 * would inject (no classes, spread of objects or async). Profile text reaches the page only
 * through `textContent` and `fillText`.
 *
 * It draws rows like the canvas renderer (boxes in device px with a pixel of gap, boxes under a
 * device pixel merged into runs, labels cut with an ellipsis by measured width, ink chosen by
 * contrast), zooms on click (ancestors faded), resets on the root, Escape or the button, fades
 * the boxes a search misses and says how many frames match and what share of the total they
 * hold, each sample counted once.
 */
export function runFlameGraphPage(createParts: typeof createViewerParts): void {
  const byId = (id: string) => document.getElementById(id) as HTMLElement;
  const data = JSON.parse(byId('flamekit-data').textContent || '') as HtmlPageData;
  const canvas = byId('flamekit-canvas') as HTMLCanvasElement;
  const tooltip = byId('flamekit-tooltip');
  const searchInput = byId('flamekit-search') as HTMLInputElement;
  const readout = byId('flamekit-matches');
  const resetButton = byId('flamekit-reset') as HTMLButtonElement;
  const summary = byId('flamekit-summary');
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
  const { settings, strings, depth, start, width, fill, name, tip, mark } = data;
  const value = data.value || width;
  const count = depth.length;
  if (data.other)
    for (let node = 0; node < count; node++)
      if (data.other[node] > 0) fill[node] = settings.otherFill || 0;
  const LABEL_PADDING = 4;
  const MIN_LABEL_WIDTH = 24;
  const MIN_MARK_WIDTH = 4;

  // Rows left to right (pre-order within a depth is left to right), and each subtree's end.
  const rows: number[][] = [];
  const subtreeEnd = new Int32Array(count);
  const path: number[] = [];
  for (let node = 0; node < count; node++) {
    (rows[depth[node]] = rows[depth[node]] || []).push(node);
    while (path.length > depth[node]) subtreeEnd[path.pop() as number] = node;
    path.push(node);
  }
  while (path.length > 0) subtreeEnd[path.pop() as number] = count;
  const rowCount = rows.length;

  let focus = settings.focus;
  let matches: Uint8Array | undefined;
  // What the last draw used, for hit testing.
  let ratio = 1;
  let rowHeight = settings.rowHeight;
  let scale = 0;
  let font = '';

  const { css, dim, inkOn, formatShare, fitLabel, mute, measure, clearTextWidths, drawMarks } =
    createParts(settings, ctx);
  const muted = new Map<number, number>();
  const mutedOf = (color: number) => {
    let value = muted.get(color);
    if (value === undefined) muted.set(color, (value = mute(color)));
    return value;
  };
  const rowTop = (row: number) =>
    (settings.orientation === 'icicle' ? row : rowCount - 1 - row) * rowHeight;
  const colorOf = (node: number) =>
    depth[node] < depth[focus] || (matches !== undefined && matches[node] === 0)
      ? dim(fill[node])
      : fill[node];
  /** Index in `row` of the first node that ends after `at`. */
  const firstEndingAfter = (row: number[], at: number) => {
    let low = 0;
    let high = row.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (start[row[middle]] + width[row[middle]] <= at) low = middle + 1;
      else high = middle;
    }
    return low;
  };

  function draw(): void {
    canvas.dataset.draws = String(Number(canvas.dataset.draws || 0) + 1); // for tests to wait on
    // Browsers draw nothing on a canvas past 16,384 device px a side (or 32,767): a very deep
    // graph is drawn at a lower ratio, blurrier but whole.
    const cssHeight = Math.max(1, rowCount) * (settings.rowHeight + 0.5); // + rounding of rows
    ratio = Math.min(window.devicePixelRatio || 1, 16_384 / cssHeight);
    rowHeight = Math.max(2, Math.round(settings.rowHeight * ratio));
    const canvasWidth = Math.max(1, Math.round(canvas.clientWidth * ratio));
    const canvasHeight = Math.max(1, rowCount) * rowHeight;
    if (canvas.width !== canvasWidth) canvas.width = canvasWidth;
    if (canvas.height !== canvasHeight) canvas.height = canvasHeight;
    canvas.style.height = `${canvasHeight / ratio}px`;
    ctx.fillStyle = css(settings.background);
    ctx.fillRect(0, 0, canvasWidth, canvasHeight);
    const nextFont = `${settings.fontSize * ratio}px ${settings.fontFamily}`;
    if (nextFont !== font) clearTextWidths();
    ctx.font = font = nextFont;
    ctx.textBaseline = 'middle';
    if (!(width[focus] > 0)) {
      ctx.fillStyle = css(inkOn(settings.background));
      ctx.fillText('No samples to draw.', LABEL_PADDING * ratio, rowHeight / 2);
      return;
    }
    // No label narrower than three characters and an ellipsis; such boxes are muted.
    const labelMin = Math.max(MIN_LABEL_WIDTH * ratio, measure('abc…') + 2 * LABEL_PADDING * ratio);
    const muteNarrow = settings.muteNarrowBoxes === true;
    const viewStart = start[focus];
    scale = canvasWidth / width[focus];
    const boxHeight = Math.max(1, rowHeight - 1);
    const boxes = new Map<number, number[]>();
    const labels: number[] = []; // node, left, width, y, fill
    const marks: number[] = []; // mark, left, width, y, fill
    const addBox = (color: number, left: number, boxWidth: number, y: number) => {
      const list = boxes.get(color) || [];
      if (list.length === 0) boxes.set(color, list);
      list.push(left, y, boxWidth);
    };
    for (let row = 0; row < rowCount; row++) {
      const nodes = rows[row];
      const y = rowTop(row);
      let runLeft = -1;
      let runRight = -1;
      let runColor = 0;
      const flushRun = () => {
        if (runLeft >= 0) addBox(runColor, runLeft, runRight - runLeft, y);
        runLeft = -1;
      };
      for (let i = firstEndingAfter(nodes, viewStart); i < nodes.length; i++) {
        const node = nodes[i];
        const x0 = (start[node] - viewStart) * scale;
        if (x0 >= canvasWidth) break;
        const x1 = (start[node] + width[node] - viewStart) * scale;
        let color = colorOf(node);
        if (x1 - x0 < 1) {
          if (muteNarrow) color = mutedOf(color);
          // Under a device pixel: part of a run of whole pixels, in the colour of its first box.
          const column = Math.max(0, Math.floor(x0));
          if (runLeft >= 0 && column <= runRight) runRight = Math.max(runRight, column + 1);
          else {
            flushRun();
            runLeft = column;
            runRight = column + 1;
            runColor = color;
          }
          continue;
        }
        flushRun();
        const left = Math.max(0, Math.round(x0));
        const right = Math.min(canvasWidth, Math.round(x1));
        const boxWidth = right - left > 2 ? right - left - 1 : right - left;
        if (boxWidth <= 0) continue;
        const labelled = boxWidth >= labelMin;
        if (!labelled && muteNarrow) color = mutedOf(color);
        addBox(color, left, boxWidth, y);
        if (labelled) labels.push(node, left, boxWidth, y, color);
        if (mark && mark[node] > 0 && boxWidth >= MIN_MARK_WIDTH * ratio)
          marks.push(mark[node], left, boxWidth, y, color);
      }
      flushRun();
    }
    boxes.forEach((list, color) => {
      ctx.fillStyle = css(color);
      for (let i = 0; i < list.length; i += 3)
        ctx.fillRect(list[i], list[i + 1], list[i + 2], boxHeight);
    });
    drawMarks(marks, boxHeight, ratio);
    const padding = LABEL_PADDING * ratio;
    for (let i = 0; i < labels.length; i += 5) {
      const node = labels[i];
      const text = fitLabel(
        strings[name[node]],
        (data.labelForms && data.labelForms[name[node]]) || [],
        data.labelValue ? strings[data.labelValue[node]] : '',
        labels[i + 2] - 2 * padding,
      );
      if (!text) continue;
      ctx.fillStyle = css(inkOn(labels[i + 4]));
      ctx.fillText(text, labels[i + 1] + padding, labels[i + 3] + boxHeight / 2);
    }
  }

  /** The node under a point (CSS px from the canvas's corner), or -1. */
  function nodeAt(x: number, y: number): number {
    const band = Math.floor((y * ratio) / rowHeight);
    const row = settings.orientation === 'icicle' ? band : rowCount - 1 - band;
    if (!(row >= 0 && row < rowCount) || scale === 0) return -1;
    const at = start[focus] + (x * ratio) / scale;
    const nodes = rows[row];
    const node = nodes[firstEndingAfter(nodes, at)];
    return node !== undefined && start[node] <= at ? node : -1;
  }

  function zoom(node: number): void {
    focus = node;
    resetButton.disabled = focus === 0;
    summary.textContent =
      (focus > 0 ? 'zoomed to ' : '') + strings[name[focus]] + strings[tip[focus]];
    const what = focus === 0 ? 'the whole profile' : strings[name[focus]];
    canvas.setAttribute(
      'aria-label',
      `Flame graph showing ${what}. Click a box to zoom to it; Escape zooms out.`,
    );
    draw();
  }

  function search(): void {
    const text = searchInput.value.toLowerCase();
    if (text === '') {
      matches = undefined;
      readout.textContent = '';
      draw();
      return;
    }
    matches = new Uint8Array(count);
    const verdict = new Uint8Array(strings.length); // per name: 0 not tested, 1 matches, 2 not
    let matchCount = 0;
    let matchedValue = 0;
    let coveredUntil = 0; // nodes before this are inside a match already added
    for (let node = 1; node < count; node++) {
      if (data.other && data.other[node] > 0) continue;
      const k = name[node];
      if (verdict[k] === 0) verdict[k] = strings[k].toLowerCase().includes(text) ? 1 : 2;
      if (verdict[k] !== 1) continue;
      matches[node] = 1;
      matchCount++;
      if (node >= coveredUntil) {
        matchedValue += value[node];
        coveredUntil = subtreeEnd[node];
      }
    }
    const share = value[0] !== 0 ? matchedValue / value[0] : 0;
    readout.textContent = `${matchCount} matching frame${matchCount === 1 ? '' : 's'} · ${formatShare(share)} of total`;
    draw();
  }

  function showTooltip(event: MouseEvent): void {
    const bounds = canvas.getBoundingClientRect();
    const node = nodeAt(event.clientX - bounds.left, event.clientY - bounds.top);
    if (node < 0) {
      tooltip.hidden = true;
      return;
    }
    const merged = data.other ? data.other[node] : 0;
    tooltip.textContent =
      merged > 0
        ? `other — ${merged.toLocaleString('en-US')}${strings[tip[node]]} (${formatShare(width[node] / width[0])} of the width)`
        : strings[name[node]] + strings[tip[node]];
    tooltip.hidden = false;
    const left = Math.min(event.clientX + 12, window.innerWidth - tooltip.offsetWidth - 4);
    const below = event.clientY + 16 + tooltip.offsetHeight <= window.innerHeight;
    tooltip.style.left = `${Math.max(4, left)}px`;
    tooltip.style.top = `${below ? event.clientY + 16 : Math.max(4, event.clientY - 8 - tooltip.offsetHeight)}px`;
  }

  canvas.addEventListener('mousemove', showTooltip);
  canvas.addEventListener('mouseleave', () => (tooltip.hidden = true));
  canvas.addEventListener('click', (event) => {
    const bounds = canvas.getBoundingClientRect();
    const node = nodeAt(event.clientX - bounds.left, event.clientY - bounds.top);
    if (node >= 0) zoom(node);
  });
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    if (event.target === searchInput && searchInput.value !== '') {
      searchInput.value = '';
      search();
    } else zoom(0);
  });
  resetButton.addEventListener('click', () => zoom(0));
  searchInput.addEventListener('input', search);
  // A scroll bar that comes or goes changes the canvas's width without resizing the window.
  let drawPending = false;
  const requestDraw = () => {
    if (drawPending) return;
    drawPending = true;
    requestAnimationFrame(() => {
      drawPending = false;
      draw();
    });
  };
  new ResizeObserver(requestDraw).observe(canvas);
  window.addEventListener('resize', requestDraw);
  zoom(focus);
  // A flame grows upwards from its root: open at the bottom, where the root is.
  if (settings.orientation === 'flame') window.scrollTo(0, document.documentElement.scrollHeight);
}
