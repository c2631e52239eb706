/**
 * A deliberately simple second implementation of "merge folded stacks", used to check the real
 * builder: a Map from the path string to self and total, no typed arrays, no trie.
 */
export interface ReferenceNode {
  self: number;
  total: number;
}

export function referenceTotals(folded: string): Map<string, ReferenceNode> {
  const nodes = new Map<string, ReferenceNode>();
  const at = (key: string): ReferenceNode => {
    let node = nodes.get(key);
    if (!node) nodes.set(key, (node = { self: 0, total: 0 }));
    return node;
  };
  for (const line of folded.split('\n')) {
    if (!line.trim()) continue;
    const cut = line.lastIndexOf(' ');
    const value = Number(line.slice(cut + 1));
    const frames = line.slice(0, cut).trim().split(';');
    at('').total += value;
    for (let i = 1; i <= frames.length; i++) at(frames.slice(0, i).join(';')).total += value;
    at(frames.join(';')).self += value;
  }
  return nodes;
}
