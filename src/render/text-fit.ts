/**
 * Fitting labels into boxes: measured widths are cached per font, because a flame graph measures
 * the same few thousand names on every frame.
 */
export type MeasureText = (text: string) => number;

const ELLIPSIS = '…';
const CACHE_LIMIT = 20_000;

export class TextFitter {
  private readonly widths = new Map<string, number>();
  private font = '';
  private measure: MeasureText;

  constructor(measure: MeasureText) {
    this.measure = measure;
  }

  /** Forgets measured widths when the font (or its size after a pixel-ratio change) changes. */
  setFont(font: string, measure: MeasureText): void {
    if (font === this.font) return;
    this.font = font;
    this.measure = measure;
    this.widths.clear();
  }

  width(text: string): number {
    let width = this.widths.get(text);
    if (width === undefined) {
      if (this.widths.size >= CACHE_LIMIT) this.widths.clear();
      width = this.measure(text);
      this.widths.set(text, width);
    }
    return width;
  }

  /**
   * The text, or as much of it as fits in `available` with an ellipsis: the start kept for
   * `'left'`, the end for `'right'` (where the function name is in a long qualified name).
   * Empty when not even one character and the ellipsis fit.
   */
  fit(text: string, available: number, keep: 'left' | 'right' = 'left'): string {
    if (available <= 0) return '';
    if (this.width(text) <= available) return text;
    const cut = (count: number) =>
      keep === 'left'
        ? text.slice(0, count) + ELLIPSIS
        : ELLIPSIS + text.slice(text.length - count);
    let low = 1;
    let high = text.length - 1;
    let best = 0;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if (this.width(cut(middle)) <= available) {
        best = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    return best > 0 ? cut(best) : '';
  }
}
