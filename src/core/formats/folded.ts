import { FlamekitError } from '../errors';
import type { Profile } from '../model/profile';
import { ProfileBuilder } from '../model/profile-builder';
import { toInputSource as toSource, type InputSource, type ProfileInput } from './input';
import type { ImportOptions } from './options';

/**
 * Folded (collapsed) stacks, as written by FlameGraph's stackcollapse scripts, inferno,
 * async-profiler, py-spy and others: one line per distinct stack, `frame;frame;frame value`.
 *
 * Also read:
 * - decimal values (`a;b 12.5`) and negative ones (pprof `-diff_base` output);
 * - frame names with spaces (only the last run of blank space separates the value);
 * - CRLF line breaks, and UTF-16 LE or BE text with a byte-order mark;
 * - the two-value diff form `stack before after` (as difffolded writes it): a comparison profile
 *   whose sample types are `baseline` and `comparison`; chosen by the first line that parses;
 * - the bracketed variant `frame;frame [value]` (Grafana's jfr-parser).
 *
 * Lines that do not parse (comments, garbage) are skipped and reported in one warning with their
 * count and the first line number. A file where no line parses is an error.
 */
export function isFolded(input: ProfileInput | InputSource): boolean {
  const source = toSource(input);
  if (source.isBinary()) return false;
  const head = source.head(8192);
  if (/^\s*[[{]/.test(head)) return false;
  const lines = head
    .split('\n')
    .slice(0, -1)
    .map((line) => line.trim())
    .filter(Boolean);
  if (lines.length === 0) {
    // One line longer than the head: judge it by its end.
    const last = source.tail(200).trim().split('\n').pop() ?? '';
    return head.trim() !== '' && /\s\[?-?\d+(?:\.\d+)?\]?$/.test(last);
  }
  const sample = lines.slice(0, 20);
  const parsed = sample.filter((line) => parseFoldedLine(line, undefined) !== undefined).length;
  return (
    parsed > 0 &&
    parsed >= sample.length / 2 &&
    !sample.some((line) => /^\S+\s+\d+\s+[\d.]+:/.test(line))
  );
}

export function importFolded(
  input: ProfileInput | InputSource,
  options: ImportOptions = {},
): Profile {
  const source = toSource(input);
  const unit = options.unit ?? 'samples';
  let mode: 'single' | 'double' | undefined;
  let builder: ProfileBuilder | undefined;
  const stack: number[] = [];
  const twoValues = [0, 0];
  let skipped = 0;
  let firstSkipped = 0;
  // Where the line being read has its value, for the position of a value the builder refuses.
  let valueLine = 0;
  let valueRaw = '';
  let valueAt = 0;
  source.forEachLine(
    (raw, lineNumber) => {
      const line = raw.trim();
      if (line === '') return;
      const parsed = parseFoldedLine(line, mode);
      if (!parsed) {
        if (skipped++ === 0) firstSkipped = lineNumber;
        return;
      }
      if (!builder) {
        mode = parsed.after === undefined ? 'single' : 'double';
        builder = new ProfileBuilder(
          'folded',
          mode === 'single'
            ? [{ type: 'samples', unit }]
            : [
                { type: 'baseline', unit },
                { type: 'comparison', unit },
              ],
        );
        builder.locate = () => ({
          line: valueLine,
          column: valueRaw.length - valueRaw.trimStart().length + valueAt + 1,
        });
      }
      [valueLine, valueRaw, valueAt] = [lineNumber, raw, parsed.valueAt];
      stack.length = 0;
      const frames = builder.frames;
      for (const name of parsed.stack.split(';')) stack.push(frames.internName(name));
      if (mode === 'single') {
        builder.addStackSample(stack, stack.length, parsed.value);
      } else {
        twoValues[0] = parsed.value;
        twoValues[1] = parsed.after!;
        builder.addStackSample(stack, stack.length, twoValues);
      }
    },
    (done, total) => options.onProgress?.({ phase: 'read', done, total }),
  );
  if (!builder) {
    const reason =
      skipped === 0
        ? 'the input is empty'
        : `none of its ${skipped} lines is "frame;frame;... value"`;
    throw new FlamekitError(
      'parse-error',
      `${reason}; folded stacks need one stack per line followed by a number`,
      {
        format: 'folded',
        position: { line: firstSkipped || 1 },
      },
    );
  }
  if (skipped > 0) {
    builder.warn({
      code: 'unparsed-lines',
      message: `${skipped} line${skipped === 1 ? '' : 's'} did not parse as "frame;frame;... value" and ${skipped === 1 ? 'was' : 'were'} skipped (first: line ${firstSkipped})`,
      count: skipped,
      position: { line: firstSkipped },
    });
  }
  return builder.finish(
    mode === 'double' ? { comparison: { baseline: 0, comparison: 1 }, defaultSampleType: 1 } : {},
  );
}

interface ParsedLine {
  stack: string;
  value: number;
  after?: number;
  /** 0-based index of the first value, for the column of an error. */
  valueAt: number;
}

/**
 * `stack value`, `stack [value]` or `stack before after`, read from the end of a trimmed line in
 * one pass: the values are the numbers after the last runs of blanks (spaces or tabs), the stack
 * everything before. A regular expression such as `^(.*?)[ \t]+(-?\d+)$` tries every split of a
 * long run of blanks and takes quadratic time on it; this never looks at a character twice.
 */
export function parseFoldedLine(
  line: string,
  mode: 'single' | 'double' | undefined,
): ParsedLine | undefined {
  const last = numberBefore(line, line.length);
  if (last) {
    const gap = skipBlanks(line, last.start);
    if (gap === last.start) return undefined;
    if (mode !== 'single') {
      const first = numberBefore(line, gap);
      const stackEnd = first ? skipBlanks(line, first.start) : -1;
      if (first && stackEnd < first.start && stackEnd > 0) {
        const stack = line.slice(0, stackEnd);
        return { stack, value: first.value, after: last.value, valueAt: first.start };
      }
      if (mode === 'double') return undefined;
    }
    return gap > 0
      ? { stack: line.slice(0, gap), value: last.value, valueAt: last.start }
      : undefined;
  }
  if (mode === 'double' || !line.endsWith(']')) return undefined;
  const bracketed = numberBefore(line, line.length - 1);
  if (!bracketed || line[bracketed.start - 1] !== '[') return undefined;
  const stackEnd = skipBlanks(line, bracketed.start - 1);
  if (stackEnd < bracketed.start - 1 && stackEnd > 0)
    return { stack: line.slice(0, stackEnd), value: bracketed.value, valueAt: bracketed.start };
  return undefined;
}

/** The number `-?digits(.digits)?` ending just before `end`, or undefined. */
function numberBefore(line: string, end: number): { start: number; value: number } | undefined {
  let i = end;
  while (i > 0 && isDigit(line.charCodeAt(i - 1))) i--;
  if (i === end) return undefined;
  if (line.charCodeAt(i - 1) === 46 /* . */ && i - 1 > 0 && isDigit(line.charCodeAt(i - 2))) {
    i--;
    while (i > 0 && isDigit(line.charCodeAt(i - 1))) i--;
  }
  if (line.charCodeAt(i - 1) === 45 /* - */) i--;
  return { start: i, value: Number(line.slice(i, end)) };
}

/** The index where the run of blanks ending just before `end` starts (`end` when there is none). */
function skipBlanks(line: string, end: number): number {
  let i = end;
  while (i > 0 && (line.charCodeAt(i - 1) === 32 || line.charCodeAt(i - 1) === 9)) i--;
  return i;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
