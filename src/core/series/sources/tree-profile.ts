import type { CallTree } from '../../model/call-tree';
import type { Profile, ProfileFormat, SampleType } from '../../model/profile';
import { ProfileBuilder, type ProfileDetails } from '../../model/profile-builder';
import type { StackIndex } from '../../model/stack-table';

export interface TreeProfileOptions extends ProfileDetails {
  /** Default `'pprof'`. */
  format?: ProfileFormat;
  /**
   * Frames by name only (file, line and module dropped), so that calls of one function name merge
   * into one node, as Grafana Pyroscope merges its flame graphs. Default false.
   */
  byName?: boolean;
}

/**
 * A one-sample-type profile whose tree is `tree`: one sample per node with a self value. Over a
 * new frame table, so the tree's table (a series' own) is only read. With `byName`, sibling calls
 * of the same name merge. Not for diff trees (their second side is dropped).
 */
export function createProfileFromTree(
  tree: CallTree,
  sampleType: SampleType,
  options: TreeProfileOptions = {},
): Profile {
  const { format = 'pprof', byName = false, ...details } = options;
  const builder = new ProfileBuilder(format, [{ type: sampleType.type, unit: sampleType.unit }]);
  const frameMap = new Int32Array(tree.frames.size).fill(-1);
  const stackOf = new Int32Array(tree.nodeCount);
  const { parent, frame, self } = tree;
  for (let node = 1; node < tree.nodeCount; node++) {
    const source = frame[node];
    let mapped = frameMap[source];
    if (mapped < 0) {
      mapped = frameMap[source] = byName
        ? builder.frames.internName(tree.frames.name(source))
        : builder.frames.intern(tree.frames.get(source));
    }
    const stack: StackIndex = builder.stacks.child(stackOf[parent[node]], mapped);
    stackOf[node] = stack;
    if (self[node] !== 0) builder.addSample(stack, self[node]);
  }
  if (self[0] !== 0) builder.addSample(0, self[0]);
  return builder.finish({ ...details, defaultSampleType: 0 });
}
