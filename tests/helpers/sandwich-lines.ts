/**
 * The sandwich of `name` worked out on folded lines, a second way to the trees computeSandwich
 * merges: each stack that holds the function is cut at its first occurrence into a callers line
 * (reversed, the function first) and a callees line (the function and what follows), each with
 * the line's values. `self` adds up the last value of the lines that end in the function.
 */
export function cutFoldedAtFunction(
  folded: string,
  name: string,
): { callers: string; callees: string; self: number } {
  const callers: string[] = [];
  const callees: string[] = [];
  let self = 0;
  for (const line of folded.split('\n')) {
    const [stack, ...values] = line.split(' ');
    const frames = stack.split(';');
    const first = frames.indexOf(name);
    if (first < 0) continue;
    const reversed = frames.slice(0, first + 1).reverse();
    callers.push(`${reversed.join(';')} ${values.join(' ')}`);
    callees.push(`${frames.slice(first).join(';')} ${values.join(' ')}`);
    if (frames[frames.length - 1] === name) self += Number(values[values.length - 1]);
  }
  return { callers: callers.join('\n'), callees: callees.join('\n'), self };
}
