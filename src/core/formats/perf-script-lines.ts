/**
 * The two kinds of `perf script` line, read by hand in one pass each. The regular expressions
 * they replace (`^(.+?)\s+(\d+)...` for headers, `^\s*([0-9a-f]+)(?:\s+(.*?))?\s*$` for stack
 * lines) tried every split of a long run of blanks, which took seconds on a line of 100 KB of
 * whitespace, and their `.` stopped at U+2028, so a name holding one made its line vanish.
 */

/** A sample header: `comm pid[/tid] [cpu] seconds.fraction: [period] event: [trailing]`. */
export interface SampleHeader {
  comm: string;
  /** The process id, when the header has `pid/tid`. */
  pid?: string;
  /** The thread id (perf's default output has it alone). */
  tid: string;
  /** `pid/tid` or `tid` as the header writes it. */
  ids: string;
  seconds?: string;
  fraction?: string;
  period?: string;
  event: string;
  /** The rest of the line after the event (the sampled address, without -g). */
  trailing?: string;
}

/** Whitespace as JavaScript's `\s` has it. */
export function isBlank(code: number): boolean {
  return (
    (code >= 9 && code <= 13) ||
    code === 32 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * Reads a trimmed header line. The comm (process name) may hold blanks: it is everything before
 * the first word after which the rest reads as a header, as the lazy `(.+?)` found it.
 */
export function parseHeader(line: string): SampleHeader | undefined {
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < line.length;) {
    while (i < line.length && isBlank(line.charCodeAt(i))) i++;
    if (i >= line.length) break;
    starts.push(i);
    while (i < line.length && !isBlank(line.charCodeAt(i))) i++;
    ends.push(i);
  }
  const word = (k: number) => line.slice(starts[k], ends[k]);
  for (let pid = 1; pid < starts.length; pid++) {
    if (!/^\d+(?:\/\d+)?$/.test(word(pid))) continue;
    const header = readAfterPid(word, starts.length, pid + 1);
    if (!header) continue;
    const trailing = header.next < starts.length ? line.slice(starts[header.next]) : undefined;
    const ids = word(pid);
    const slash = ids.indexOf('/');
    return {
      comm: line.slice(0, ends[pid - 1]),
      ids,
      ...(slash >= 0 ? { pid: ids.slice(0, slash), tid: ids.slice(slash + 1) } : { tid: ids }),
      ...(header.time && { seconds: header.time[1], fraction: header.time[2] }),
      ...(header.period !== undefined && { period: header.period }),
      event: header.event,
      ...(trailing !== undefined && { trailing }),
    };
  }
  return undefined;
}

/**
 * The optional `[cpu]`, `seconds.fraction:` and period, then `event:`, from word `at` on. Each
 * optional part is tried present first, then absent, as the regular expression tried them:
 * at most eight tries of a few words, whatever the line's length.
 */
function readAfterPid(
  word: (k: number) => string,
  count: number,
  at: number,
): { time?: RegExpExecArray; period?: string; event: string; next: number } | undefined {
  for (const cpu of [true, false]) {
    let k = at;
    if (cpu && !(k < count && /^\[\d+\]$/.test(word(k)))) continue;
    if (cpu) k++;
    for (const timed of [true, false]) {
      let j = k;
      const time = timed && j < count ? /^(\d+)\.(\d+):$/.exec(word(j)) : null;
      if (timed && !time) continue;
      if (timed) j++;
      for (const withPeriod of [true, false]) {
        let e = j;
        if (withPeriod && !(e < count && /^\d+$/.test(word(e)))) continue;
        const period = withPeriod ? word(e++) : undefined;
        const event = e < count ? word(e) : '';
        if (event.length < 2 || !event.endsWith(':')) continue;
        return { ...(time && { time }), period, event: event.slice(0, -1), next: e + 1 };
      }
    }
  }
  return undefined;
}

/**
 * A stack line, `address [symbol+0x1f (dso)]` with any blanks around: the text after the address
 * (trimmed; `''` when only blanks follow it, undefined when nothing does), or undefined when the
 * line does not start with a hex address.
 */
export function parseStackLine(line: string): { text?: string } | undefined {
  let i = 0;
  while (i < line.length && isBlank(line.charCodeAt(i))) i++;
  const addressStart = i;
  while (i < line.length && isHexDigit(line.charCodeAt(i))) i++;
  if (i === addressStart) return undefined;
  if (i === line.length) return {};
  if (!isBlank(line.charCodeAt(i))) return undefined;
  let end = line.length;
  while (end > i && isBlank(line.charCodeAt(end - 1))) end--;
  while (i < end && isBlank(line.charCodeAt(i))) i++;
  return { text: line.slice(i, end) };
}

/** The symbol without a trailing `+0x1f` offset. */
export function withoutOffset(symbol: string): string {
  let i = symbol.length;
  while (i > 0 && isHexDigit(symbol.charCodeAt(i - 1))) i--;
  if (i === symbol.length || i < 3 || !symbol.startsWith('+0x', i - 3)) return symbol;
  return symbol.slice(0, i - 3);
}

function isHexDigit(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}
