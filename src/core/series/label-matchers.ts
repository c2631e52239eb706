import { FlamekitError, isFlamekitError } from '../errors';
import { describeJsonValue } from '../formats/json-values';
import { compileLinearRegex, type LinearRegex } from '../regex/linear-regex';

/** Prometheus's four ways of matching a label: equal, not equal, regex, not regex. */
export type MatchOperator = '=' | '!=' | '=~' | '!~';

/** One condition on a label, such as `{ name: 'pod', op: '=~', value: 'api-.*' }`. */
export interface LabelMatcher {
  name: string;
  op: MatchOperator;
  value: string;
}

/** Labels of a profile or sample: a record or a map of name to value. */
export type LabelValues = Readonly<Record<string, string>> | ReadonlyMap<string, string>;

/** A test of a set of labels, given as a lookup of one label's value (undefined when absent). */
export type LabelTest = (valueOf: (name: string) => string | undefined) => boolean;

export const MATCH_OPERATORS: readonly MatchOperator[] = ['=', '!=', '=~', '!~'];

const FORMAT = 'label selector';

/**
 * Compiles matchers into one test, with Prometheus's semantics:
 * - a label that is absent has the value `""`, so `pod=""` matches profiles without a pod and
 *   `pod!=""` those with one;
 * - regular expressions match the whole value (`=~"api"` does not match `"api-1"`; write
 *   `"api.*"`), and `.` matches newlines as well, as in Prometheus;
 * - all matchers must hold; no matchers match everything.
 *
 * Regular expressions are RE2's, as in Prometheus and Pyroscope (`(?i)` flags included), and are
 * matched in time linear in the value whatever the pattern ({@link compileLinearRegex}): a
 * selector can come from a shared link. A bad expression throws a {@link FlamekitError} naming
 * the matcher.
 */
export function compileLabelMatchers(matchers: readonly LabelMatcher[]): LabelTest {
  const tests = matchers.map(compileOne);
  return (valueOf) => {
    for (const test of tests) if (!test(valueOf(test.label) ?? '')) return false;
    return true;
  };
}

/** Whether `labels` satisfy every matcher; see {@link compileLabelMatchers}. */
export function matchesLabels(matchers: readonly LabelMatcher[], labels: LabelValues): boolean {
  return compileLabelMatchers(matchers)(lookupOf(labels));
}

function lookupOf(labels: LabelValues): (name: string) => string | undefined {
  if (labels instanceof Map) return (name) => labels.get(name);
  const record = labels as Readonly<Record<string, string>>;
  return (name) => (Object.hasOwn(record, name) ? record[name] : undefined);
}

function compileOne(matcher: LabelMatcher): ((value: string) => boolean) & { label: string } {
  if (
    typeof matcher !== 'object' ||
    matcher === null ||
    typeof matcher.name !== 'string' ||
    typeof matcher.value !== 'string' ||
    !MATCH_OPERATORS.includes(matcher.op)
  ) {
    throw new FlamekitError(
      'invalid-argument',
      `a label matcher is { name, op, value } with op one of ${MATCH_OPERATORS.join(' ')}; got ${describe(matcher)}`,
    );
  }
  const { name, op, value } = matcher;
  let test: (actual: string) => boolean;
  if (op === '=') test = (actual) => actual === value;
  else if (op === '!=') test = (actual) => actual !== value;
  else {
    const pattern = compileAnchored(matcher);
    test = op === '=~' ? (actual) => pattern.test(actual) : (actual) => !pattern.test(actual);
  }
  return Object.assign(test, { label: name });
}

function compileAnchored({ name, op, value }: LabelMatcher): LinearRegex {
  try {
    return compileLinearRegex(value, { fullMatch: true, dotAll: true });
  } catch (error) {
    if (!isFlamekitError(error)) throw error;
    throw new FlamekitError(
      'invalid-argument',
      `the regular expression of ${name}${op}${JSON.stringify(value)} is not valid: ${error.reason}`,
      { cause: error },
    );
  }
}

function describe(value: unknown): string {
  return describeJsonValue(value, 200);
}

/**
 * Parses a Prometheus-style selector: `{service="api", pod=~"api-.*", region!="eu"}`. The braces
 * are optional, and so is a trailing comma. Values are double-quoted (with `\"`, `\\`, `\n`, `\t`
 * and `\uXXXX` escapes), single-quoted, or in backticks (raw: no escapes, handy for regular
 * expressions). Names are letters, digits, `_` and `.`, not starting with a digit, or any text in
 * quotes.
 *
 * A selector it cannot read throws a {@link FlamekitError} (`parse-error`, format
 * `"label selector"`) with the column of the problem.
 */
export function parseLabelSelector(text: string): LabelMatcher[] {
  if (typeof text !== 'string') {
    throw new FlamekitError('invalid-argument', `a label selector is a string, not ${typeof text}`);
  }
  return new SelectorParser(text).parse();
}

/** The selector text of `matchers`, which {@link parseLabelSelector} reads back to the same. */
export function formatLabelSelector(matchers: readonly LabelMatcher[]): string {
  const name = (label: string) => (/^[A-Za-z_][A-Za-z0-9_.]*$/.test(label) ? label : quote(label));
  return `{${matchers.map((m) => `${name(m.name)}${m.op}${quote(m.value)}`).join(', ')}}`;
}

function quote(value: string): string {
  return `"${value
    .replace(/[\\"]/g, (c) => `\\${c}`)
    .replace(/\n/g, '\\n')
    .replace(/\t/g, '\\t')}"`;
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_.]/;

class SelectorParser {
  private at = 0;

  constructor(private readonly text: string) {}

  parse(): LabelMatcher[] {
    this.skipSpace();
    if (this.peek() !== '{' && NAME_START.test(this.peek()) && this.nameThenBrace()) {
      throw this.error(
        'a selector here has no metric or profile type name before "{"; choose the sample type with the sampleType option',
      );
    }
    const braced = this.peek() === '{';
    if (braced) this.at++;
    const matchers: LabelMatcher[] = [];
    for (;;) {
      this.skipSpace();
      if (this.at >= this.text.length || (braced && this.peek() === '}')) break;
      matchers.push(this.matcher());
      this.skipSpace();
      if (this.peek() === ',') this.at++;
      else break;
    }
    this.skipSpace();
    if (braced) {
      if (this.peek() !== '}') throw this.error('expected "," or "}"');
      this.at++;
      this.skipSpace();
    }
    if (this.at < this.text.length) throw this.error(`unexpected "${this.peek()}"`);
    // Compile now, so that a bad regular expression is reported with the selector.
    compileLabelMatchers(matchers);
    return matchers;
  }

  private matcher(): LabelMatcher {
    const name = this.name();
    this.skipSpace();
    // Two-character operators first: `=` is a prefix of `=~`.
    const op = (['=~', '!~', '!=', '='] as const).find((o) => this.text.startsWith(o, this.at));
    if (!op) throw this.error('expected one of = != =~ !~ after the label name');
    this.at += op.length;
    this.skipSpace();
    return { name, op, value: this.string('a quoted value') };
  }

  private name(): string {
    const c = this.peek();
    if (c === '"' || c === "'" || c === '`') return this.string('a label name');
    if (!NAME_START.test(c)) throw this.error('expected a label name');
    const start = this.at;
    while (this.at < this.text.length && NAME_PART.test(this.peek())) this.at++;
    return this.text.slice(start, this.at);
  }

  private string(what: string): string {
    const open = this.peek();
    if (open !== '"' && open !== "'" && open !== '`') throw this.error(`expected ${what}`);
    const start = this.at++;
    let value = '';
    while (this.at < this.text.length) {
      const c = this.text[this.at++];
      if (c === open) return value;
      if (c === '\\' && open !== '`') value += this.escape();
      else value += c;
    }
    this.at = start;
    throw this.error(`the string starting here has no closing ${open}`);
  }

  private escape(): string {
    const c = this.text[this.at++];
    const simple: Record<string, string> = {
      n: '\n',
      t: '\t',
      r: '\r',
      '\\': '\\',
      '"': '"',
      "'": "'",
    };
    if (c !== undefined && Object.hasOwn(simple, c)) return simple[c];
    if (c === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.at, this.at + 4))) {
      this.at += 4;
      return String.fromCharCode(parseInt(this.text.slice(this.at - 4, this.at), 16));
    }
    this.at -= 2;
    throw this.error(
      `unknown escape "\\${c ?? ''}"; write "\\\\" for a backslash (as in "a\\\\.b"), or put a regular expression in backticks`,
    );
  }

  /** Whether a bare name here is followed by "{" (a metric name), not by an operator. */
  private nameThenBrace(): boolean {
    let k = this.at;
    while (k < this.text.length && /[A-Za-z0-9_.:]/.test(this.text[k])) k++;
    while (k < this.text.length && /\s/.test(this.text[k])) k++;
    return this.text[k] === '{';
  }

  private peek(): string {
    return this.text[this.at] ?? '';
  }

  private skipSpace(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at])) this.at++;
  }

  private error(reason: string): FlamekitError {
    return new FlamekitError('parse-error', reason, {
      format: FORMAT,
      position: { line: 1, column: this.at + 1 },
    });
  }
}
