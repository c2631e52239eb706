import { FlamekitError } from '../errors';
import type { ProfileBuilder } from '../model/profile-builder';
import type { StackIndex } from '../model/stack-table';
import type { ImportOptions } from './options';
import { describeJsonValue } from './json-values';

// The rows of a flamebearer (`levels`), read into a builder: what Pyroscope's /render and its
// querier.v1 FlameGraph share (importFlamebearer's comment describes a row).

const FORMAT = 'flamebearer';
const SYNTHETIC_ROOT = 'total';
const TRUNCATION_NODE = 'other';

const SINGLE_FIELDS = ['offset', 'total', 'self', 'name index'];
const DOUBLE_FIELDS = ['left', 'right']
  .flatMap((side) => ['offset', 'total', 'self'].map((field) => `${side} ${field}`))
  .concat('name index');

// Fields per node of a row in walkLevels: where it starts and ends, its stack, and what of its total
// (per side) self and the children read so far leave unexplained, 0 when it adds up.
const START = 0;
const END = 1;
const STACK = 2;
const LEFT_REST = 3;
const RIGHT_REST = 4;
const ROW_FIELDS = 5;

/**
 * Reads the rows top-down, each node's parent found by a cursor into the row above, into
 * `builder` (one sample type, or two for `double`). Also reads Grafana Pyroscope's querier.v1
 * FlameGraph, whose levels are the same.
 */
export function walkLevels(
  builder: ProfileBuilder,
  names: unknown[],
  levels: unknown[],
  double: boolean,
  path: string,
  options: ImportOptions,
): { left: number; right: number; truncated: boolean } {
  const step = double ? 7 : 4;
  const fields = double ? DOUBLE_FIELDS : SINGLE_FIELDS;
  const frameOfName = new Int32Array(names.length).fill(-1);
  const node = new Float64Array(7); // left offset, total, self, right offset, total, self, name
  const selves = new Float64Array(2); // left, right
  let above = new Float64Array(16 * ROW_FIELDS);
  let aboveCount = 0;
  let row = new Float64Array(16 * ROW_FIELDS);
  const totals = { left: 0, right: 0, truncated: false };
  let inconsistent = 0;
  let [nodeDepth, nodeIndex] = [0, 0];
  builder.locate = () => ({ jsonPath: `${path}.levels[${nodeDepth}][${nodeIndex}]` });
  let firstInconsistent = '';

  // One pass more than there are rows, over an empty row, so that the last row is checked too.
  for (let depth = 0; depth <= levels.length; depth++) {
    const numbers = depth < levels.length ? levels[depth] : [];
    const rowPath = `${path}.levels[${depth}]`;
    if (!Array.isArray(numbers) || numbers.length % step !== 0) {
      throw flamebearerParseError(
        `a row must be an array of ${step} numbers per node (${fields.join(', ')})`,
        rowPath,
      );
    }
    const count = numbers.length / step;
    if (row.length < count * ROW_FIELDS) row = new Float64Array(count * ROW_FIELDS * 2);
    let leftEnd = 0;
    let rightEnd = 0;
    let cursor = 0;
    for (let k = 0; k < count; k++) {
      const at = k * step;
      [nodeDepth, nodeIndex] = [depth, at];
      for (let f = 0; f < step; f++) {
        const value: unknown = numbers[at + f];
        if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
          throw flamebearerParseError(
            `the ${fields[f]} is ${describeJsonValue(value)}; it must be a number of 0 or more`,
            `${rowPath}[${at + f}]`,
          );
        }
        // A single node fills the left side; its right side stays 0.
        node[double || f < 3 ? f : 6] = value;
      }
      const leftStart = leftEnd + node[0];
      const rightStart = rightEnd + node[3];
      leftEnd = leftStart + node[1];
      rightEnd = rightStart + node[4];
      const start = leftStart + rightStart;
      const end = leftEnd + rightEnd;
      const nameIndex = node[6];
      const name = names[nameIndex];
      if (typeof name !== 'string' || !Number.isInteger(nameIndex)) {
        throw flamebearerParseError(
          `name index ${nameIndex} does not point at a string of names (it has ${names.length})`,
          `${rowPath}[${at + step - 1}]`,
        );
      }

      let parent: StackIndex = 0;
      if (depth > 0) {
        // A zero-width node may sit at its parent's end; a wider one starts before that end.
        while (
          cursor < aboveCount &&
          (above[cursor * ROW_FIELDS + END] < start ||
            (above[cursor * ROW_FIELDS + END] === start && end > start))
        )
          cursor++;
        const p = cursor * ROW_FIELDS;
        if (!(cursor < aboveCount && above[p + START] <= start && end <= above[p + END])) {
          throw flamebearerParseError(
            `this node spans ticks ${start} to ${end}, inside no node of the row above; offsets must be deltas from the end of the previous node in the row`,
            `${rowPath}[${at}]`,
          );
        }
        parent = above[p + STACK];
        above[p + LEFT_REST] -= node[1];
        above[p + RIGHT_REST] -= node[4];
      } else {
        totals.left += node[1];
        totals.right += node[4];
      }

      let stack: StackIndex = 0; // Pyroscope's synthetic root is the tree's root.
      if (!(depth === 0 && count === 1 && name === SYNTHETIC_ROOT)) {
        let frame = frameOfName[nameIndex];
        if (frame < 0) frame = frameOfName[nameIndex] = builder.frames.internName(name);
        stack = builder.stacks.child(parent, frame);
        if (name === TRUNCATION_NODE) totals.truncated = true;
      }
      if (node[2] !== 0 || node[5] !== 0) {
        selves[0] = node[2];
        selves[1] = node[5];
        builder.addSample(stack, double ? selves : node[2]);
      }
      const r = k * ROW_FIELDS;
      row[r + START] = start;
      row[r + END] = end;
      row[r + STACK] = stack;
      row[r + LEFT_REST] = node[1] - node[2];
      row[r + RIGHT_REST] = node[4] - node[5];
    }
    // The row above is complete now that its children are read: check that its totals add up.
    for (let k = 0; k < aboveCount; k++) {
      const rest = above[k * ROW_FIELDS + LEFT_REST] || above[k * ROW_FIELDS + RIGHT_REST];
      if (rest !== 0 && inconsistent++ === 0)
        firstInconsistent = `${path}.levels[${depth - 1}][${k * step}]`;
    }
    [above, row] = [row, above];
    aboveCount = count;
    if ((depth & 255) === 255)
      options.onProgress?.({ phase: 'build', done: depth + 1, total: levels.length });
  }
  if (inconsistent > 0) {
    builder.warn({
      code: 'inconsistent-totals',
      message: `${inconsistent === 1 ? '1 node has' : `${inconsistent} nodes have`} a total other than self plus the children's totals (first: ${firstInconsistent}); the tree adds up the self values`,
      count: inconsistent,
      position: { jsonPath: firstInconsistent },
    });
  }
  return totals;
}

/** A parse error of the flamebearer at `jsonPath`. */
export function flamebearerParseError(reason: string, jsonPath: string): FlamekitError {
  return new FlamekitError('parse-error', reason, { format: FORMAT, position: { jsonPath } });
}
