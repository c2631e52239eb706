import type { Profile } from '../profile';
import { resolveSampleType } from '../profile-builder';

/**
 * Folded stacks, one line per stack with a value: `frame;frame;frame value`. Folded text has no
 * escapes, so a `;` in a frame name becomes `:` and line breaks become spaces. A comparison
 * profile's comparison type is written in the two-value form `stack baseline comparison`.
 */
export function exportFolded(profile: Profile, sampleType?: number | string): string {
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
        .replace(/[\r\n]+/g, ' ');
      names.set(frame, name);
    }
    return name;
  };
  const baseline = tree.baselineSelf;
  const lines: string[] = [];
  const path: string[] = [];
  for (let node = 1; node < tree.nodeCount; node++) {
    path.length = tree.depth[node] - 1;
    path.push(clean(node));
    if (tree.self[node] === 0 && (!baseline || baseline[node] === 0)) continue;
    lines.push(
      baseline
        ? `${path.join(';')} ${baseline[node]} ${tree.self[node]}`
        : `${path.join(';')} ${tree.self[node]}`,
    );
  }
  if (tree.self[0] !== 0) lines.push(`${tree.rootName} ${tree.self[0]}`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
