/**
 * The test server's own reading of a Prometheus label selector (`{service_name="api", pod=~"a.*"}`),
 * written apart from flamekit's parser so that the client's selectors are checked by a second
 * reader. Regular expressions match the whole value; a missing label is "".
 */
export type SelectorTest = (labels: Readonly<Record<string, string>>) => boolean;

export class SelectorError extends Error {}

export function parseSelector(text: string): SelectorTest {
  let at = 0;
  const skip = () => {
    while (at < text.length && /\s/.test(text[at])) at++;
  };
  const fail = (what: string): never => {
    throw new SelectorError(`parse error at position ${at + 1}: ${what}`);
  };
  const tests: SelectorTest[] = [];
  skip();
  if (text[at] !== '{') fail('a selector starts with {');
  at++;
  for (;;) {
    skip();
    if (text[at] === '}') break;
    const name =
      /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(at))?.[0] ?? fail('expected a label name');
    at += name.length;
    skip();
    const op =
      ['=~', '!~', '!=', '='].find((o) => text.startsWith(o, at)) ?? fail('expected an operator');
    at += op.length;
    skip();
    if (text[at] !== '"') fail('expected a double-quoted value');
    let value = '';
    at++;
    for (;;) {
      if (at >= text.length) fail('unterminated string');
      const c = text[at++];
      if (c === '"') break;
      if (c === '\\') {
        const e = text[at++];
        value += e === 'n' ? '\n' : e === 't' ? '\t' : e;
      } else value += c;
    }
    tests.push(compile(name, op, value));
    skip();
    if (text[at] === ',') at++;
    else if (text[at] !== '}') fail('expected , or }');
  }
  at++;
  skip();
  if (at !== text.length) fail('unexpected text after }');
  return (labels) => tests.every((test) => test(labels));
}

function compile(name: string, op: string, value: string): SelectorTest {
  const read = (labels: Readonly<Record<string, string>>) =>
    Object.hasOwn(labels, name) ? labels[name] : '';
  if (op === '=') return (labels) => read(labels) === value;
  if (op === '!=') return (labels) => read(labels) !== value;
  let pattern: RegExp;
  try {
    pattern = new RegExp(`^(?:${value})$`, 's');
  } catch (error) {
    throw new SelectorError(`bad regular expression ${JSON.stringify(value)}: ${String(error)}`);
  }
  return op === '=~'
    ? (labels) => pattern.test(read(labels))
    : (labels) => !pattern.test(read(labels));
}
