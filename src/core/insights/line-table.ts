import type { Profile, SourceRepository } from '../model/profile';
import { resolveSampleType } from '../model/profile-builder';
import { sourceRepositoryFromLabels } from '../model/source-repository';

/** The cost of one source line of a function. */
export interface LineCost {
  /** 1-based line in the function's file. */
  line: number;
  /** Value of the samples that were running this line (the line is their leaf frame). */
  self: number;
  /** Value of the samples that were at this line, running it or calling from it; each once. */
  total: number;
}

/** Per-line costs of one function: pprof's `list`, Pyroscope's "Function details". */
export interface LineTable {
  functionName: string;
  /** The file the lines belong to; when the name occurs in several files, the heaviest one. */
  file?: string;
  /** Line where the function starts, when the profile says. */
  startLine?: number;
  /** Sorted by line; only lines with a cost. Empty for a profile without line data. */
  lines: LineCost[];
  /** The function's own totals in {@link file}: each sample once, however often it recurses. */
  self: number;
  total: number;
  /**
   * Cost with no known line (line 0), so that `self` is the sum of the lines' `self` and this.
   * For a profile without line data it holds the whole function.
   */
  unknownLine: { self: number; total: number };
  /**
   * `'line'` when the profile was imported one frame per line (pprof with
   * `granularity: 'line'`); `'function'` when it has no per-line costs, and `lines` is empty.
   */
  granularity: 'function' | 'line';
  /** Other files holding a function of the same name (heaviest first), not counted above. */
  otherFiles?: { file?: string; self: number; total: number }[];
  repository?: SourceRepository;
  /** Unit of the sample type, for `formatValue`. */
  unit: string;
}

export interface LineTableOptions {
  /** Index or name of the sample type; the profile's default when absent. */
  sampleType?: number | string;
  /** The file to take the function from, when its name occurs in several; else the heaviest. */
  file?: string;
}

/**
 * The cost of each source line of the function named `functionName`, or `undefined` when no
 * sample of the sample type passes through it (or through it in `options.file`).
 *
 * Lines come from a profile imported with one frame per line: pprof read with
 * `importProfile(bytes, { granularity: 'line' })`. Other profiles have no per-line costs; their
 * table carries the function's totals with `lines` empty, and the host re-imports to get lines.
 *
 * - Totals count a sample once per line and once for the function: a recursive call made from
 *   line 12 that passes line 12 again adds nothing the second time (as the top table does).
 * - Inlined calls (a pprof location with several lines) are frames of their own functions: the
 *   line of the inlining function that holds the call gets their cost as `total`, not `self`.
 * - The name is matched in every file; lines of one file only are meaningful together, so the
 *   heaviest file (by total) is chosen and the others are listed in `otherFiles`.
 * - `repository` is the profile's `sourceRepository` (a pprof build id), else the
 *   `service_repository` labels of the function's heaviest samples.
 *
 * Runs in O(nodes of the call tree + frames), plus O(stacks + samples) when labels must be read.
 */
export function computeLineTable(
  profile: Profile,
  functionName: string,
  options: LineTableOptions = {},
): LineTable | undefined {
  const sampleType = resolveSampleType(profile, options.sampleType);
  const frames = profile.frames;
  const nameId = frames.strings.find(functionName);
  if (nameId < 0) return undefined;
  const slots = slotFrames(profile, nameId);
  if (slots.fileIds.length === 0) return undefined;
  const costs = sumSlots(profile.tree(sampleType), slots);

  const wantedFile = options.file === undefined ? undefined : frames.strings.find(options.file);
  let chosen = -1;
  for (let fs = 0; fs < slots.fileIds.length; fs++) {
    if (!costs.fileHasValue[fs]) continue;
    if (wantedFile !== undefined && slots.fileIds[fs] !== wantedFile) continue;
    if (chosen < 0 || Math.abs(costs.fileTotal[fs]) > Math.abs(costs.fileTotal[chosen]))
      chosen = fs;
  }
  if (chosen < 0) return undefined;
  const fileOf = (fs: number) =>
    slots.fileIds[fs] < 0 ? undefined : frames.strings.get(slots.fileIds[fs]);
  const file = fileOf(chosen);
  const self = costs.fileSelf[chosen];
  const total = costs.fileTotal[chosen];
  const granularity = profile.granularity === 'line' ? 'line' : 'function';

  const lines: LineCost[] = [];
  const unknownLine = { self: 0, total: 0 };
  let heaviestLine = -1; // at function granularity, a frame's line is where its function starts
  for (let ls = 0; ls < slots.lineFile.length; ls++) {
    if (slots.lineFile[ls] !== chosen || !costs.lineHasValue[ls]) continue;
    const line = slots.lineNumber[ls];
    if (heaviestLine < 0 || costs.lineTotal[ls] > costs.lineTotal[heaviestLine]) heaviestLine = ls;
    if (granularity === 'line' && line > 0)
      lines.push({ line, self: costs.lineSelf[ls], total: costs.lineTotal[ls] });
    else if (granularity === 'line') {
      unknownLine.self = costs.lineSelf[ls];
      unknownLine.total = costs.lineTotal[ls];
    }
  }
  lines.sort((a, b) => a.line - b.line);
  if (granularity === 'function') {
    unknownLine.self = self;
    unknownLine.total = total;
  }
  const startLine =
    granularity === 'line'
      ? profile.functions?.find((fn) => fn.name === functionName && fn.file === file)?.startLine
      : slots.lineNumber[heaviestLine] || undefined;

  const table: LineTable = {
    functionName,
    ...(file !== undefined && { file }),
    ...(startLine !== undefined && startLine > 0 && { startLine }),
    lines,
    self,
    total,
    unknownLine,
    granularity,
    unit: profile.sampleTypes[sampleType].unit,
  };
  const otherFiles = slots.fileIds
    .map((_, fs) => ({
      fs,
      file: fileOf(fs),
      self: costs.fileSelf[fs],
      total: costs.fileTotal[fs],
    }))
    .filter(({ fs }) => fs !== chosen && costs.fileHasValue[fs])
    .sort((a, b) => b.total - a.total)
    .map(({ file: other, self: otherSelf, total: otherTotal }) => ({
      ...(other !== undefined && { file: other }),
      self: otherSelf,
      total: otherTotal,
    }));
  if (otherFiles.length > 0) table.otherFiles = otherFiles;
  const repository =
    profile.sourceRepository ?? repositoryFromSampleLabels(profile, sampleType, slots, chosen);
  if (repository) table.repository = { ...repository };
  return table;
}

/** The function's frames grouped by file (file slots) and by file and line (line slots). */
interface Slots {
  /** Per frame: its file slot, or -1 for frames of other functions. */
  fileSlotOfFrame: Int32Array;
  lineSlotOfFrame: Int32Array;
  /** Per file slot: the file's string id, -1 for frames without a file. */
  fileIds: number[];
  /** Per line slot: its file slot and line (0 unknown). */
  lineFile: number[];
  lineNumber: number[];
}

function slotFrames(profile: Profile, nameId: number): Slots {
  const columns = profile.frames.columns();
  const frameCount = columns.name.length;
  const fileSlotOfFrame = new Int32Array(frameCount).fill(-1);
  const lineSlotOfFrame = new Int32Array(frameCount).fill(-1);
  const fileIds: number[] = [];
  const lineFile: number[] = [];
  const lineNumber: number[] = [];
  const lineSlotByKey = new Map<string, number>();
  for (let f = 0; f < frameCount; f++) {
    if (columns.name[f] !== nameId) continue;
    let fs = fileIds.indexOf(columns.file[f]);
    if (fs < 0) fs = fileIds.push(columns.file[f]) - 1;
    const key = `${fs}:${columns.line[f]}`;
    let ls = lineSlotByKey.get(key);
    if (ls === undefined) {
      ls = lineFile.push(fs) - 1;
      lineNumber.push(columns.line[f]);
      lineSlotByKey.set(key, ls);
    }
    fileSlotOfFrame[f] = fs;
    lineSlotOfFrame[f] = ls;
  }
  return { fileSlotOfFrame, lineSlotOfFrame, fileIds, lineFile, lineNumber };
}

interface SlotCosts {
  fileSelf: Float64Array;
  fileTotal: Float64Array;
  fileHasValue: Uint8Array;
  lineSelf: Float64Array;
  lineTotal: Float64Array;
  lineHasValue: Uint8Array;
}

/**
 * Self and total per slot in one pre-order pass. As in `computeTopTable`, the walk keeps the open
 * nodes of the function and how many belong to each slot: a node adds its total only when no
 * ancestor has its slot, so each sample counts once per file and once per line.
 */
function sumSlots(tree: ReturnType<Profile['tree']>, slots: Slots): SlotCosts {
  const { nodeCount, frame, subtreeEnd, self, total } = tree;
  const fileCount = slots.fileIds.length;
  const lineCount = slots.lineFile.length;
  const costs: SlotCosts = {
    fileSelf: new Float64Array(fileCount),
    fileTotal: new Float64Array(fileCount),
    fileHasValue: new Uint8Array(fileCount),
    lineSelf: new Float64Array(lineCount),
    lineTotal: new Float64Array(lineCount),
    lineHasValue: new Uint8Array(lineCount),
  };
  const openFiles = new Int32Array(fileCount);
  const openLines = new Int32Array(lineCount);
  const open: number[] = []; // nodes of the function on the current path
  for (let i = 1; i < nodeCount; i++) {
    while (open.length > 0 && subtreeEnd[open[open.length - 1]] <= i) {
      const closed = frame[open.pop()!];
      openFiles[slots.fileSlotOfFrame[closed]]--;
      openLines[slots.lineSlotOfFrame[closed]]--;
    }
    const f = frame[i];
    const fs = slots.fileSlotOfFrame[f];
    if (fs < 0) continue;
    const ls = slots.lineSlotOfFrame[f];
    const hasValue = self[i] !== 0 || total[i] !== 0;
    costs.fileSelf[fs] += self[i];
    costs.lineSelf[ls] += self[i];
    if (openFiles[fs]++ === 0) costs.fileTotal[fs] += total[i];
    if (openLines[ls]++ === 0) costs.lineTotal[ls] += total[i];
    if (hasValue) costs.fileHasValue[fs] = costs.lineHasValue[ls] = 1;
    open.push(i);
  }
  return costs;
}

/**
 * The repository of the `service_repository` labels on the samples through the function in file
 * slot `fileSlot`, weighing each labelled repository by the samples' values (the heaviest wins).
 */
function repositoryFromSampleLabels(
  profile: Profile,
  sampleType: number,
  slots: Slots,
  fileSlot: number,
): SourceRepository | undefined {
  const { labelSets, labelSet, stack, values, count } = profile.samples;
  if (!labelSet) return undefined;
  const repositoryOfSet = labelSets.map((labels) => sourceRepositoryFromLabels(labels));
  if (repositoryOfSet.every((repository) => repository === undefined)) return undefined;
  // Whether each stack passes through the function: parents come before their children.
  const { parent, frame } = profile.stacks.columns();
  const through = new Uint8Array(parent.length);
  for (let s = 1; s < parent.length; s++)
    through[s] = through[parent[s]] || (slots.fileSlotOfFrame[frame[s]] === fileSlot ? 1 : 0);
  const weightOfSet = new Float64Array(labelSets.length);
  for (let i = 0; i < count; i++) {
    if (through[stack[i]] && labelSet[i] >= 0)
      weightOfSet[labelSet[i]] += Math.abs(values[sampleType][i]);
  }
  const weights = new Map<string, { repository: SourceRepository; weight: number }>();
  repositoryOfSet.forEach((repository, set) => {
    if (!repository || weightOfSet[set] === 0) return;
    const key = JSON.stringify([repository.url, repository.ref, repository.rootPath]);
    const entry = weights.get(key) ?? { repository, weight: 0 };
    entry.weight += weightOfSet[set];
    weights.set(key, entry);
  });
  let best: { repository: SourceRepository; weight: number } | undefined;
  for (const entry of weights.values()) if (!best || entry.weight > best.weight) best = entry;
  return best?.repository;
}
