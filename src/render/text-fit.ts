/**
 * Fitting labels into boxes: measured widths are cached per font, because a flame graph measures
 * the same few thousand names on every frame.
 */
export type MeasureText = (text: string) => number;

const ELLIPSIS = '…';
const CACHE_LIMIT = 20_000;

/** A cut label keeps at least this many characters of the name; fewer, and it shows none. */
export const MIN_LABEL_CHARACTERS = 3;

/**
 * A label for a box `available` wide: the longest of `forms` (a name's full and shortened forms,
 * longest first, as core's `computeLabelForms` gives) that fits, with ` (value)` after it when
 * that fits too; when none fits, the shortest form cut in the middle (`'left'`) or at its start
 * (`'right'`), keeping at least {@link MIN_LABEL_CHARACTERS} characters; else empty.
 */
export function fitLabel(
  forms: readonly string[],
  value: string,
  available: number,
  measure: MeasureText,
  keep: 'left' | 'right' = 'left',
): string {
  if (available <= 0 || forms.length === 0) return '';
  for (const form of forms) {
    if (value) {
      const withValue = `${form} (${value})`;
      if (measure(withValue) <= available) return withValue;
    }
    if (measure(form) <= available) return form;
  }
  return cutText(forms[forms.length - 1], available, measure, keep);
}

/**
 * As much of `text` as fits with an ellipsis, whole code points: the start and the end kept
 * (`'left'`, a middle ellipsis, the end a character longer) or the end only (`'right'`); empty
 * when fewer than {@link MIN_LABEL_CHARACTERS} would show.
 */
export function cutText(
  text: string,
  available: number,
  measure: MeasureText,
  keep: 'left' | 'right' = 'left',
): string {
  const characters = Array.from(text);
  if (characters.length < MIN_LABEL_CHARACTERS) return '';
  const cut = (count: number) => {
    if (keep === 'right') return ELLIPSIS + characters.slice(characters.length - count).join('');
    const head = Math.floor(count / 2);
    return (
      characters.slice(0, head).join('') +
      ELLIPSIS +
      characters.slice(characters.length - (count - head)).join('')
    );
  };
  let low = MIN_LABEL_CHARACTERS;
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
}

const FORMS_CACHE_LIMIT = 20_000;

export class TextFitter {
  private readonly widths = new Map<string, number>();
  private readonly forms = new Map<string, readonly string[]>();
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
   * A box's label ({@link fitLabel}), with the name's shortened forms from `formsOf` cached: a
   * frame shows the same few thousand names on every frame.
   */
  fitLabel(
    name: string,
    value: string,
    available: number,
    keep: 'left' | 'right',
    formsOf: (name: string) => readonly string[],
  ): string {
    let forms = this.forms.get(name);
    if (forms === undefined) {
      if (this.forms.size >= FORMS_CACHE_LIMIT) this.forms.clear();
      forms = formsOf(name);
      this.forms.set(name, forms);
    }
    return fitLabel(forms, value, available, (text) => this.width(text), keep);
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
