import { forwardRef, useCallback, useMemo, type ForwardedRef } from 'react';
import {
  computeDiff,
  computeDiffNodeSummary,
  computeDiffWeight,
  diffProfiles,
  createDiffColorScale,
  describeDiffNode,
  formatShare,
  formatSignedShare,
  formatValue,
  FlamekitError,
  type CallTree,
  type DiffColorMode,
  type DiffOptions,
  type DiffPalette,
  type DiffWidthMode,
  type NodeIndex,
  type Profile,
} from '../core/index';
import { MARK_NEW, MARK_NONE, MARK_REMOVED } from '../render/index';
import { DiffLegend } from './DiffLegend';
import { FlameGraph } from './FlameGraph';
import type { FlameGraphHandle, FlameGraphNode, FlameGraphProps } from './flame-graph-props';
import { inputStyle } from './styles';
import { useControllableState } from './use-controllable-state';
import { useResolvedTheme } from './use-theme';
import { sampleTypeIndex } from './use-profile-tree';

export interface DiffFlameGraphProps extends Omit<
  FlameGraphProps,
  'profile' | 'tree' | 'nodeStyle' | 'layoutWeight'
> {
  /** A profile that is itself a comparison (flamebearer diff, two-count folded, nested set with valueRight)... */
  profile?: Profile;
  /** ...or a tree with both sides (computeDiff's)... */
  tree?: CallTree;
  /** ...or two profiles or trees, compared here (the same sample type by name for profiles). */
  baseline?: Profile | CallTree;
  comparison?: Profile | CallTree;
  /** How the two are aligned, for `baseline` and `comparison`. */
  diffOptions?: DiffOptions;

  colorMode?: DiffColorMode;
  defaultColorMode?: DiffColorMode;
  onColorModeChange?: (mode: DiffColorMode) => void;
  palette?: DiffPalette;
  defaultPalette?: DiffPalette;
  onPaletteChange?: (palette: DiffPalette) => void;
  widthMode?: DiffWidthMode;
  defaultWidthMode?: DiffWidthMode;
  onWidthModeChange?: (mode: DiffWidthMode) => void;
  /** Show the legend under the graph. Default true. */
  legend?: boolean;
}

/**
 * A flame graph of the difference between two profiles: everything {@link FlameGraph} does (zoom,
 * search, keyboard, context menu), with boxes coloured by a documented diverging scale, new and
 * removed frames hatched as well as coloured, a tooltip with both sides and the change, a legend
 * in words, and pickers for the colour metric, the palette and the widths.
 */
export const DiffFlameGraph = forwardRef<FlameGraphHandle, DiffFlameGraphProps>(
  DiffFlameGraphWithRef,
);

function DiffFlameGraphWithRef(props: DiffFlameGraphProps, ref: ForwardedRef<FlameGraphHandle>) {
  const { diffTree, unit, error } = useDiffTree(props);
  const [colorMode, setColorMode] = useControllableState(
    props.colorMode,
    props.defaultColorMode ?? 'relative',
    props.onColorModeChange,
  );
  const [palette, setPalette] = useControllableState(
    props.palette,
    props.defaultPalette ?? 'default',
    props.onPaletteChange,
  );
  const [widthMode, setWidthMode] = useControllableState(
    props.widthMode,
    props.defaultWidthMode ?? 'both',
    props.onWidthModeChange,
  );

  const nodeStyle = useCallback(
    (tree: CallTree, theme: 'light' | 'dark') => {
      const scale = createDiffColorScale(tree, { mode: colorMode, palette, theme });
      return {
        colorOf: (node: NodeIndex) => scale.colorOf(node),
        markOf: (node: NodeIndex) => {
          const change = scale.changeOf(node);
          return change === 'new' ? MARK_NEW : change === 'removed' ? MARK_REMOVED : MARK_NONE;
        },
      };
    },
    [colorMode, palette],
  );
  const layoutWeight = useCallback(
    (tree: CallTree) => computeDiffWeight(tree, widthMode),
    [widthMode],
  );
  const paletteName = useResolvedTheme(props.theme).palette;
  const legendScale = useMemo(
    () =>
      diffTree && createDiffColorScale(diffTree, { mode: colorMode, palette, theme: paletteName }),
    [diffTree, colorMode, palette, paletteName],
  );
  const { renderTooltip } = props;
  const tooltip = useCallback(
    (node: FlameGraphNode) => (
      <>
        <DiffTooltipTable tree={node.tree} node={node.node} unit={unit} />
        {renderTooltip?.(node)}
      </>
    ),
    [unit, renderTooltip],
  );
  const describeSelection = useCallback(
    (node: FlameGraphNode, shownUnit: string) =>
      describeDiffNode(computeDiffNodeSummary(node.tree, node.node), shownUnit),
    [],
  );

  const pickers = (
    <>
      <Picker
        label="Colour by"
        value={colorMode}
        onChange={setColorMode}
        options={[
          ['relative', 'Change of share'],
          ['absolute', 'Change of value'],
          ['self', 'Change of self'],
        ]}
      />
      <Picker
        label="Palette"
        value={palette}
        onChange={setPalette}
        options={[
          ['default', 'Green / red'],
          ['colorblind', 'Blue / red (colour-blind safe)'],
        ]}
      />
      <Picker
        label="Widths"
        value={widthMode}
        onChange={setWidthMode}
        options={[
          ['both', 'Both profiles'],
          ['comparison', 'Comparison'],
          ['baseline', 'Baseline'],
        ]}
      />
      {props.toolbarItems}
    </>
  );
  if (error) {
    return (
      <div role="alert" data-flamekit="diff-error" className={props.className} style={props.style}>
        Cannot compare these profiles: {error}
      </div>
    );
  }
  return (
    <FlameGraph
      {...props}
      ref={ref}
      // A diff's colours carry its meaning: narrow boxes keep theirs.
      muteNarrowBoxes={props.muteNarrowBoxes ?? false}
      profile={undefined}
      tree={diffTree}
      unit={unit}
      nodeStyle={nodeStyle}
      layoutWeight={layoutWeight}
      renderTooltip={tooltip}
      describeSelection={describeSelection}
      toolbarItems={pickers}
      exportPicture={{ diff: { colorMode, palette, widthMode }, ...props.exportPicture }}
      aria-label={props['aria-label'] ?? 'Diff flame graph'}
      footer={
        <>
          {props.legend !== false && legendScale && (
            <DiffLegend scale={legendScale} unit={unit} widthMode={widthMode} />
          )}
          {props.footer}
        </>
      }
    />
  );
}

/** The diff tree and its unit from whichever props were given. */
function useDiffTree(props: DiffFlameGraphProps): {
  diffTree: CallTree | undefined;
  unit: string;
  error: string | undefined;
} {
  const { profile, tree, baseline, comparison, diffOptions, sampleType } = props;
  const result = useMemo((): { tree?: CallTree; error?: string } => {
    try {
      const diff = buildDiffTree({ profile, tree, baseline, comparison, diffOptions, sampleType });
      if (diff && !diff.baselineTotal) {
        return {
          error:
            'This profile has one side only: pass baseline and comparison, a comparison profile, or a tree from computeDiff.',
        };
      }
      return { tree: diff };
    } catch (error) {
      // Shown in place of the graph rather than thrown: a bad pair must not take the page down.
      return { error: error instanceof FlamekitError ? error.message : String(error) };
    }
  }, [tree, profile, sampleType, baseline, comparison, diffOptions]);

  const source = profile ?? (baseline && 'sampleTypes' in baseline ? baseline : undefined);
  const unit =
    props.unit ?? (source ? source.sampleTypes[sampleTypeIndex(source, sampleType)].unit : 'count');
  return { diffTree: result.tree, unit, error: result.error };
}

/** The two-sided tree from whichever props were given. */
function buildDiffTree({
  profile,
  tree,
  baseline,
  comparison,
  diffOptions,
  sampleType,
}: DiffFlameGraphProps): CallTree | undefined {
  if (tree) return tree;
  if (profile) return profile.tree(sampleType);
  if (!baseline || !comparison) return undefined;
  // Two profiles: core matches the sample type by name on both sides.
  if ('sampleTypes' in baseline && 'sampleTypes' in comparison)
    return diffProfiles(baseline, comparison, { ...diffOptions, sampleType });
  const sideTree = (side: Profile | CallTree) =>
    'sampleTypes' in side ? side.tree(sampleType) : side;
  return computeDiff(sideTree(baseline), sideTree(comparison), diffOptions);
}

/** Baseline, comparison and difference of a node: value and share of each side's profile. */
function DiffTooltipTable({ tree, node, unit }: { tree: CallTree; node: NodeIndex; unit: string }) {
  const summary = computeDiffNodeSummary(tree, node);
  const cell = { padding: '1px 6px', textAlign: 'right' as const };
  const signed = (value: number) => `${value > 0 ? '+' : ''}${formatValue(value, unit)}`;
  const shareChange = summary.comparisonShare - summary.baselineShare;
  return (
    <table data-flamekit="diff-tooltip" style={{ borderCollapse: 'collapse', marginTop: 4 }}>
      <thead>
        <tr>
          <th />
          <th style={cell}>Baseline</th>
          <th style={cell}>Comparison</th>
          <th style={cell}>Difference</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row" style={{ textAlign: 'left' }}>
            Value
          </th>
          <td style={cell}>{formatValue(summary.baseline, unit)}</td>
          <td style={cell}>{formatValue(summary.comparison, unit)}</td>
          <td style={cell}>
            {signed(summary.delta)} ({formatSignedShare(summary.relativeDelta)})
          </td>
        </tr>
        <tr>
          <th scope="row" style={{ textAlign: 'left' }}>
            Share
          </th>
          <td style={cell}>{formatShare(summary.baselineShare)}</td>
          <td style={cell}>{formatShare(summary.comparisonShare)}</td>
          <td style={cell}>
            {shareChange > 0 ? '+' : shareChange < 0 ? '−' : ''}
            {formatShare(Math.abs(shareChange))}
          </td>
        </tr>
      </tbody>
      {summary.presence !== 'both' && (
        <caption style={{ captionSide: 'bottom', textAlign: 'left' }}>
          {summary.presence === 'new'
            ? 'New: only in the comparison'
            : 'Removed: only in the baseline'}
        </caption>
      )}
    </table>
  );
}

function Picker<T extends string>(props: {
  label: string;
  value: T;
  onChange: (value: T) => void;
  options: [T, string][];
}) {
  return (
    <label style={{ display: 'inline-flex', gap: 4, alignItems: 'center' }}>
      {props.label}
      <select
        value={props.value}
        onChange={(event) => props.onChange(event.target.value as T)}
        style={inputStyle}
      >
        {props.options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
