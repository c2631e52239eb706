/**
 * What the HTML export embeds as JSON (`<script type="application/json" id="flamekit-data">`):
 * the kept nodes in pre-order as columns, names and tooltip tails in one string table, and the
 * settings the page draws with. Changing a field's meaning means bumping `version`.
 */
export interface HtmlPageData {
  version: 1;
  settings: {
    rowHeight: number;
    orientation: 'flame' | 'icicle';
    textAlign: 'left' | 'right';
    fontSize: number;
    fontFamily: string;
    background: number;
    darkText: number;
    lightText: number;
    dimAmount: number;
    /** Index (into the columns) of the node zoomed to when the page opens. */
    focus: number;
    /** Boxes too narrow for a label drawn muted, as the canvas renderer's (absent: false). */
    muteNarrowBoxes?: boolean;
    /** The fill of the "other" boxes (their `fill` entries are 0). */
    otherFill?: number;
  };
  /** Frame names and tooltip tails, each once. */
  strings: string[];
  /** Per node: depth (0 for the root), layout start and width (value units), fill `0xRRGGBB`. */
  depth: number[];
  start: number[];
  width: number[];
  fill: number[];
  /** Per node: its name and the rest of its tooltip, as indexes into `strings`. */
  name: number[];
  tip: number[];
  /**
   * Per string: where the shorter forms of a name begin (core's `computeLabelForms`, which are
   * all ends of the name), for a label that does not fit; absent when no name has any.
   */
  labelForms?: number[][];
  /** Per node: the text after its label's name when there is room, as an index into `strings`. */
  labelValue?: number[];
  /** Per node: the value a search adds up, when it differs from the width (diffs, negative values). */
  value?: number[];
  /** Per node of a diff: 1 new, 2 removed, else 0. */
  mark?: number[];
  /**
   * Per node: for an "other" box (the frames left out at one depth under a kept node, merged),
   * how many frames it stands for; 0 for a frame. Search never matches an "other" box. Absent
   * when nothing is left out.
   */
  other?: number[];
}

/**
 * The page script's helpers that need no page state: colours, the share format, label fitting
 * and diff hatching. Like {@link runFlameGraphPage} it goes into the page as source text and must
 * not refer to anything outside itself; the page calls it once with the data's settings.
 */
export function createViewerParts(
  settings: HtmlPageData['settings'],
  ctx: CanvasRenderingContext2D,
) {
  const HATCH_SPACING = 6;
  const textWidths = new Map<string, number>();
  const css = (color: number) => '#' + color.toString(16).padStart(6, '0');
  const channels = (color: number) => [(color >> 16) & 255, (color >> 8) & 255, color & 255];
  /** The colour faded towards the background, as core's dimColor. */
  const dim = (color: number) => {
    const to = channels(settings.background);
    return channels(color).reduce(
      (result, from, i) => (result << 8) | Math.round(from + (to[i] - from) * settings.dimAmount),
      0,
    );
  };
  /** The theme's ink with the higher WCAG contrast against the fill, as core's contrastingTextColor. */
  const inkOn = (color: number) => {
    const linear = channels(color).map((c) =>
      c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4,
    );
    const luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
    return (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05)
      ? settings.darkText
      : settings.lightText;
  };
  /** As core's formatShare: 42.1 %, 0.05 %, 100 %. */
  const formatShare = (share: number) => {
    const percent = share * 100;
    if (percent === 0 || Math.abs(percent) >= 99.995) return `${Math.round(percent)} %`;
    if (Math.abs(percent) < 0.01) return '< 0.01 %';
    return `${Math.abs(percent) >= 10 ? percent.toFixed(1) : percent.toFixed(2)} %`;
  };
  // Widths are cached: every draw measures the same names again.
  const measure = (text: string) => {
    let measured = textWidths.get(text);
    if (measured === undefined) {
      if (textWidths.size > 20000) textWidths.clear();
      measured = ctx.measureText(text).width;
      textWidths.set(text, measured);
    }
    return measured;
  };
  /**
   * As the canvas renderer's `fitLabel`: the longest form of the name (it, then its ends from
   * `offsets`) that fits, with ` (value)` when that fits too; else the shortest form cut in the
   * middle (`left`) or at its start (`right`), three characters at least; else empty.
   */
  const fitLabel = (text: string, offsets: number[], value: string, available: number) => {
    const forms = [text].concat(offsets.map((offset) => text.slice(offset)));
    for (let i = 0; i < forms.length; i++) {
      if (value && measure(`${forms[i]} (${value})`) <= available) return `${forms[i]} (${value})`;
      if (measure(forms[i]) <= available) return forms[i];
    }
    const characters = Array.from(forms[forms.length - 1]);
    const cut = (keep: number) => {
      if (settings.textAlign === 'right') return '…' + characters.slice(-keep).join('');
      const head = Math.floor(keep / 2);
      return characters.slice(0, head).join('') + '…' + characters.slice(head - keep).join('');
    };
    let low = 3;
    let high = characters.length - 1;
    let best = 0;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if (measure(cut(middle)) <= available) {
        best = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    return best > 0 ? cut(best) : '';
  };
  /** As core's muteColor: half the saturation gone, then a third of the way to the background. */
  const mute = (color: number) => {
    const [r, g, b] = channels(color);
    const grey = 0.299 * r + 0.587 * g + 0.114 * b;
    const to = channels(settings.background);
    return [r, g, b].reduce((result, channel, i) => {
      const desaturated = channel + (grey - channel) * 0.5;
      return (result << 8) | Math.round(desaturated + (to[i] - desaturated) * (1 / 3));
    }, 0);
  };
  /**
   * Hatching over new (`/`) and removed (`\`, in a dashed border) frames, in translucent ink, as
   * the canvas renderer's. `marks` holds mark, left, width, y and fill per box, in device px.
   */
  const drawMarks = (marks: number[], boxHeight: number, ratio: number) => {
    const spacing = Math.max(2, Math.round(HATCH_SPACING * ratio));
    for (let i = 0; i < marks.length; i += 5) {
      const [kind, left, boxWidth, y, color] = marks.slice(i, i + 5);
      const ink = channels(inkOn(color)).join(',');
      ctx.save();
      ctx.beginPath();
      ctx.rect(left, y, boxWidth, boxHeight);
      ctx.clip();
      ctx.beginPath();
      const first = Math.floor((left - boxHeight) / spacing) * spacing; // anchored to the canvas
      for (let x = first; x < left + boxWidth; x += spacing) {
        ctx.moveTo(x, kind === 1 ? y + boxHeight : y);
        ctx.lineTo(x + boxHeight, kind === 1 ? y : y + boxHeight);
      }
      ctx.lineWidth = Math.max(1, Math.round(ratio));
      ctx.strokeStyle = `rgba(${ink},0.4)`;
      ctx.stroke();
      if (kind === 2) {
        ctx.setLineDash([3 * ratio, 3 * ratio]);
        ctx.strokeStyle = `rgba(${ink},0.75)`;
        ctx.strokeRect(left + 0.5, y + 0.5, boxWidth - 1, boxHeight - 1);
      }
      ctx.restore();
    }
  };
  return {
    css,
    dim,
    inkOn,
    formatShare,
    fitLabel,
    mute,
    measure,
    clearTextWidths: () => textWidths.clear(),
    drawMarks,
  };
}
