/**
 * What reaches a terminal. Frame names, paths and messages come from files, and a terminal acts
 * on some characters instead of showing them: C0 controls (ESC starts the sequences that move
 * the cursor, recolour, set the title or write the clipboard), DEL, C1 controls (U+009B is a
 * one-character CSI) and the bidirectional formatting characters (U+202E turns the rest of a
 * line around). Those are shown escaped, `\x1b` or `\u202e`, whenever output goes to a terminal;
 * files and pipes get the text as it is, since a program reading them wants the real names.
 */

/** The characters a terminal acts on, tab and line feed aside (they lay out the output). */
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- the same, with tab and line feed
const UNSAFE_IN_LINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Where text goes: `isTTY` and `columns` as Node's streams have them. */
export interface TerminalAware {
  isTTY?: boolean;
  columns?: number;
}

/**
 * `text` cut to `width` characters by an ellipsis in its middle, so that both its start (a
 * package) and its end (the function) stay: `github.com/…/pkg.(*T).Run`. Counted in code points.
 */
export function fitToWidth(text: string, width: number): string {
  const characters = Array.from(text);
  if (characters.length <= width) return text;
  if (width < 3) return characters.slice(0, Math.max(0, width)).join('');
  const head = Math.ceil((width - 1) / 2);
  const tail = width - 1 - head;
  return `${characters.slice(0, head).join('')}…${characters.slice(characters.length - tail).join('')}`;
}

/** `text` with the characters a terminal acts on escaped; tab and line feed kept. */
export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE, (c) => escapeCharacter(c, false));
}

/** Like {@link escapeForTerminal} for JSON text: `\u009b`, which keeps the JSON valid. */
export function escapeJsonForTerminal(json: string): string {
  return json.replace(UNSAFE, (c) => escapeCharacter(c, true));
}

/** One line of a message: every control character escaped, line breaks included. */
export function escapeLine(text: string): string {
  return text.replace(UNSAFE_IN_LINE, (c) => escapeCharacter(c, false));
}

/** `text` as it should reach `sink`: escaped for a terminal, as it is for a file or a pipe. */
export function forSink(sink: TerminalAware, text: string, json = false): string {
  if (!sink.isTTY) return text;
  return json ? escapeJsonForTerminal(text) : escapeForTerminal(text);
}

function escapeCharacter(c: string, json: boolean): string {
  const code = c.charCodeAt(0);
  const hex = code.toString(16).padStart(json || code > 0xff ? 4 : 2, '0');
  return json || code > 0xff ? `\\u${hex}` : `\\x${hex}`;
}
