import { describe, expect, it } from 'vitest';
import {
  compileLabelMatchers,
  FlamekitError,
  formatLabelSelector,
  matchesLabels,
  parseLabelSelector,
  type LabelMatcher,
} from '../../../src/core';
import { catchError } from '../../helpers/catch-error';

const pod = (op: LabelMatcher['op'], value: string): LabelMatcher => ({ name: 'pod', op, value });

describe('label matchers (Prometheus semantics)', () => {
  // Each row: matcher, labels, expected. Written from the Prometheus documentation's rules.
  const cases: [LabelMatcher, Record<string, string>, boolean][] = [
    [pod('=', 'api-1'), { pod: 'api-1' }, true],
    [pod('=', 'api-1'), { pod: 'api-10' }, false],
    [pod('!=', 'api-1'), { pod: 'api-2' }, true],
    [pod('!=', 'api-1'), { pod: 'api-1' }, false],
    // Regular expressions are anchored at both ends.
    [pod('=~', 'api'), { pod: 'api-1' }, false],
    [pod('=~', 'api.*'), { pod: 'api-1' }, true],
    [pod('=~', '.*-1'), { pod: 'api-1' }, true],
    [pod('=~', 'pi-1'), { pod: 'api-1' }, false],
    [pod('=~', 'api-1|web-1'), { pod: 'web-1' }, true],
    // Alternation is grouped inside the anchors: "a|b" is not "^a" or "b$".
    [pod('=~', 'api|web'), { pod: 'api-web' }, false],
    [pod('!~', 'api.*'), { pod: 'web-1' }, true],
    [pod('!~', 'api.*'), { pod: 'api-1' }, false],
    // A missing label has the value "".
    [pod('=', ''), {}, true],
    [pod('=', ''), { pod: 'api-1' }, false],
    [pod('!=', ''), {}, false],
    [pod('!=', ''), { pod: 'x' }, true],
    [pod('=~', '.*'), {}, true],
    [pod('=~', '.+'), {}, false],
    [pod('!~', '.+'), {}, true],
    [pod('!=', 'api-1'), {}, true],
    [pod('=~', 'api.*'), {}, false],
    // Dot matches a newline, as Prometheus compiles with (?s).
    [pod('=~', 'a.b'), { pod: 'a\nb' }, true],
    // Case matters.
    [pod('=', 'API-1'), { pod: 'api-1' }, false],
    // Names that are keys of Object.prototype are ordinary labels.
    [{ name: 'constructor', op: '=', value: '' }, {}, true],
    [{ name: '__proto__', op: '!=', value: '' }, {}, false],
  ];
  it.each(cases)('%o on %o is %s', (matcher, labels, expected) => {
    expect(matchesLabels([matcher], labels)).toBe(expected);
    expect(matchesLabels([matcher], new Map(Object.entries(labels)))).toBe(expected);
  });

  it('needs every matcher to hold, and no matchers match everything', () => {
    const labels = { service: 'api', pod: 'api-1', region: 'eu' };
    expect(matchesLabels([], labels)).toBe(true);
    expect(
      matchesLabels([pod('=~', 'api.*'), { name: 'region', op: '=', value: 'eu' }], labels),
    ).toBe(true);
    expect(
      matchesLabels([pod('=~', 'api.*'), { name: 'region', op: '=', value: 'us' }], labels),
    ).toBe(false);
  });

  it('reports a bad regular expression or matcher with the library error', () => {
    const error = catchError(() => compileLabelMatchers([pod('=~', 'api-(')])) as FlamekitError;
    expect(error).toBeInstanceOf(FlamekitError);
    expect(error.message).toContain('pod=~"api-("');
    const badOp = catchError(() =>
      compileLabelMatchers([{ name: 'pod', op: '==', value: 'x' } as unknown as LabelMatcher]),
    ) as FlamekitError;
    expect(badOp.code).toBe('invalid-argument');
  });
});

describe('parseLabelSelector', () => {
  it('reads braces, spaces, every operator and a trailing comma', () => {
    expect(
      parseLabelSelector('{service="api", pod=~"api-.*" ,region!="eu", v!~`1\\..*`,}'),
    ).toEqual([
      { name: 'service', op: '=', value: 'api' },
      { name: 'pod', op: '=~', value: 'api-.*' },
      { name: 'region', op: '!=', value: 'eu' },
      { name: 'v', op: '!~', value: '1\\..*' },
    ]);
    expect(parseLabelSelector('service="api"')).toEqual([
      { name: 'service', op: '=', value: 'api' },
    ]);
    expect(parseLabelSelector('{}')).toEqual([]);
    expect(parseLabelSelector('  ')).toEqual([]);
  });

  it('unescapes double-quoted strings and keeps backticks raw', () => {
    expect(parseLabelSelector('{a="x\\"y\\\\z\\n\\u00e9"}')[0].value).toBe('x"y\\z\né');
    expect(parseLabelSelector("{a='say \"hi\" it\\'s'}")[0].value).toBe('say "hi" it\'s');
    expect(parseLabelSelector('{a=`\\d+\\.x`}')[0].value).toBe('\\d+\\.x');
  });

  it('reads quoted names and round-trips through formatLabelSelector', () => {
    const matchers: LabelMatcher[] = [
      { name: 'service.name', op: '=', value: 'a "quoted" \\ value' },
      { name: 'odd name', op: '!~', value: 'x|y' },
      { name: 'k', op: '=', value: 'line\nbreak\ttab' },
    ];
    expect(parseLabelSelector(formatLabelSelector(matchers))).toEqual(matchers);
  });

  it('gives the column of what it cannot read', () => {
    const at = (text: string) => {
      const error = catchError(() => parseLabelSelector(text)) as FlamekitError;
      expect(error).toBeInstanceOf(FlamekitError);
      expect(error.code).toBe('parse-error');
      expect(error.format).toBe('label selector');
      return error.position?.column;
    };
    expect(at('{pod="a"')).toBe(9); // no closing brace
    expect(at('{pod~"a"}')).toBe(5); // unknown operator
    expect(at('{pod="a}')).toBe(6); // unterminated string, reported at its start
    expect(at('{pod=a}')).toBe(6); // unquoted value
    expect(at('{1pod="a"}')).toBe(2); // bad name
    expect(at('{pod="a\\.b"}')).toBe(8); // Go's rule: "\." is not an escape
    expect(at('cpu{pod="a"}')).toBe(1); // a metric name
  });

  it('rejects a bad regular expression when parsing', () => {
    expect(catchError(() => parseLabelSelector('{pod=~"("}'))).toBeInstanceOf(FlamekitError);
  });
});
