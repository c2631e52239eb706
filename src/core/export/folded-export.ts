import type { Profile } from '../model/profile';
import { resolveSampleType } from '../model/profile-builder';
import { TextChunks } from './text-chunks';

/**
 * Folded stacks, one line per stack with a value: `frame;frame;frame value`. Folded text has no
 * escapes, so a `;` in a frame name becomes `:` and line breaks (and U+2028, U+2029) become
 * spaces. A comparison profile's comparison type is written in the two-value form
 * `stack baseline comparison`. Yields the text in pieces of about a megabyte: a deep profile's
 * folded text can be gigabytes (each line repeats its whole stack).
 */
export function* exportFoldedChunks(
  profile: Profile,
  sampleType?: number | string,
): Generator<string, void, undefined> {
  const type = resolveSampleType(profile, sampleType);
  const tree = profile.tree(type);
  const names = new Map<number, string>();
  const clean = (node: number) => {
    const frame = tree.frame[node];
    let name = names.get(frame);
    if (name === undefined) {
      name = tree
        .name(node)
        .replace(/;/g, ':')
        .replace(/[\r\n\u2028\u2029]+/g, ' ');
      names.set(frame, name);
    }
    return name;
  };
  const baseline = tree.baselineSelf;
  const out = new TextChunks();
  const path: string[] = [];
  for (let node = 1; node < tree.nodeCount; node++) {
    path.length = tree.depth[node] - 1;
    path.push(clean(node));
    if (tree.self[node] === 0 && (!baseline || baseline[node] === 0)) continue;
    // In runs, so that a stack 100,000 deep is never one string either.
    for (let i = 0; i < path.length; i += 1024) {
      out.write((i > 0 ? ';' : '') + path.slice(i, i + 1024).join(';'));
      if (out.full) yield out.take();
    }
    out.write(baseline ? ` ${baseline[node]} ${tree.self[node]}\n` : ` ${tree.self[node]}\n`);
  }
  if (tree.self[0] !== 0) out.write(`${tree.rootName} ${tree.self[0]}\n`);
  yield out.take();
}
