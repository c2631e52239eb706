import {
  forwardRef,
  useImperativeHandle,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react';
import {
  nextMatch,
  resolveSampleType,
  computeNodePath,
  findNodeByPath,
  type NodePath,
  type Profile,
} from '../core/index';
import { readCanvasTheme } from '../render/index';
import { CallTree, type CallTreeHandle, type CallTreeMode } from './CallTree';
import { DEFAULT_EXPLORER_STATE, type ExplorerState, type ExplorerView } from './explorer-state';
import { DiffFlameGraph } from './DiffFlameGraph';
import { explorerPictureOptions } from './explorer-export';
import { ExportMenu } from './ExportMenu';
import { ExplorerToolbar } from './ExplorerToolbar';
import { FlameGraph } from './FlameGraph';
import type { FlameGraphHandle, FlameGraphProps } from './flame-graph-props';
import { SandwichView, type SandwichViewHandle } from './SandwichView';
import { themedRootProps, useResolvedTheme } from './use-theme';
import { TopTable } from './TopTable';
import { applyTransforms, type TreeTransform } from './tree-transforms';
import { useControllableState } from './use-controllable-state';
import { useElementSize } from './use-element-size';
import { useProfileView } from './use-profile-view';
import { useSearchResult } from './use-search-result';
import type { ProfileExplorerHandle, ProfileExplorerProps } from './profile-explorer-props';
import {
  DisplayControls,
  ExplorerPlaceholder,
  ExplorerStatusBar,
  FlameChartView,
  isTextEntry,
} from './explorer-parts';

/** The CSS px the profile picker takes in the toolbar at the most (its width and a gap). */
const PICKER_ROOM = 200;
const hasPicker = (profile: Profile) => (profile.alternatives?.names.length ?? 0) > 1;

/** Below this width "Both" shows the flame graph alone: two views would be too narrow to read. */
const BOTH_MIN_WIDTH = 800;
const DEFAULT_MAX_HEIGHT = 600;
const TABLE_AUTO_HEIGHT = 480;

/**
 * The one component most apps embed: a toolbar (search, view, sample type, colours, orientation,
 * alignment, reset, host items), the flame graph, top table, sandwich and call tree sharing one
 * state, and a status bar with the total and the zoom and sandwich as closable pills. The whole
 * state is controllable and serialises with `encodeExplorerState`.
 */
export const ProfileExplorer = forwardRef<ProfileExplorerHandle, ProfileExplorerProps>(
  function ProfileExplorer(props, ref) {
    return <ExplorerBody {...props} handle={ref} />;
  },
);

function ExplorerBody(
  props: ProfileExplorerProps & { handle: React.ForwardedRef<ProfileExplorerHandle> },
) {
  const [state, setState] = useControllableState(
    props.state,
    { ...DEFAULT_EXPLORER_STATE, ...props.defaultState },
    props.onStateChange,
  );
  // The profile or thread the picker chose, of the one given or imported here.
  const imported = useProfileView(props.profile, props.input, props.importer, state.profile);
  const root = useRef<HTMLDivElement>(null);
  const searchInput = useRef<HTMLInputElement>(null);
  const graphHandle = useRef<FlameGraphHandle>(null);
  const sandwichHandle = useRef<SandwichViewHandle>(null);
  const callTreeHandle = useRef<CallTreeHandle>(null);
  const [callTreeMode, setCallTreeMode] = useState<CallTreeMode>('top-down');
  // Where nothing is laid out (a test DOM), as if wide: every control in the row.
  const { width } = useElementSize(root, { width: 1920, height: 0 });
  // Each change applies to the latest state, so two in one event (a click zooms and selects) compose.
  const update = (change: Partial<ExplorerState>) =>
    setState((previous) => ({ ...previous, ...change }));
  const theme = useResolvedTheme(props.theme);
  const profile = imported.profile;
  const sampleType = profile ? safeSampleType(profile, state.sampleType) : 0;
  const tree = useMemo(() => profile?.tree(sampleType), [profile, sampleType]);
  const unit = profile ? profile.sampleTypes[sampleType].unit : 'count';
  const search = useSearchResult(tree, state.search);
  const height = props.height ?? 'auto';
  const maxHeight = props.maxHeight ?? DEFAULT_MAX_HEIGHT;
  const tableHeight = typeof height === 'number' ? height : Math.min(maxHeight, TABLE_AUTO_HEIGHT);
  const resetAll = () => {
    update({ zoomPath: [], selectedPath: undefined, search: DEFAULT_EXPLORER_STATE.search });
    sandwichHandle.current?.reset();
  };
  useImperativeHandle(props.handle, (): ProfileExplorerHandle => ({
    zoomTo: (zoomPath) => update({ zoomPath }),
    reset: () => {
      resetAll();
      graphHandle.current?.reset();
      sandwichHandle.current?.reset();
    },
    focus: () => graphHandle.current?.focus(),
    search: (text) =>
      setState((previous) => ({ ...previous, search: { ...previous.search, text } })),
  }));
  // The graph's merges, drops and collapsed recursion (from its context menu), held here so that
  // an export draws the tree as the graph shows it.
  const [transforms, setTransforms] = useState<readonly TreeTransform[]>([]);
  const shownTree = useMemo(
    () => (tree && transforms.length > 0 ? applyTransforms(tree, transforms) : tree),
    [tree, transforms],
  );

  if (!profile || !tree)
    return (
      <div ref={root} data-flamekit="explorer" {...themedRootProps(theme, props)}>
        <ExplorerPlaceholder imported={imported} />
      </div>
    );

  // A chart asked for (a link, a host's state) of a profile with no time order shows the graph.
  const view = state.view === 'flame-chart' && !profile.timeOrder ? 'flame-graph' : state.view;
  // A view chosen with the radio group; a sandwich opens on the frame the person chose (the
  // selected one, else the zoomed one), never silently on the heaviest function.
  const chooseView = (view: ExplorerView) => {
    const chosen = state.selectedPath?.at(-1) ?? state.zoomPath.at(-1);
    update(view === 'sandwich' && chosen !== undefined ? { view, sandwich: chosen } : { view });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
    if (isTextEntry(event.target)) return;
    event.preventDefault();
    searchInput.current?.focus();
  };
  const zoomToFunction = (name: string) => {
    let best = -1;
    for (let node = 1; node < tree.nodeCount; node++)
      if (tree.name(node) === name && (best < 0 || tree.total[node] > tree.total[best]))
        best = node;
    if (best > 0)
      update({
        zoomPath: computeNodePath(tree, best),
        view: state.view === 'top-table' ? 'both' : state.view,
      });
  };
  const stepSearch = (direction: 1 | -1) => {
    if (!search) return;
    // In the call tree, the next match is a row, expanded to and scrolled into view.
    if (state.view === 'call-tree') return callTreeHandle.current?.step(direction);
    const selected = state.selectedPath?.length ? findNodeByPath(tree, state.selectedPath) : -1;
    const target = nextMatch(search, selected, direction);
    if (target > 0)
      update({
        selectedPath: computeNodePath(tree, target),
        zoomPath: computeNodePath(tree, target),
      });
  };
  // A profile that compares two (or a diff tree) shows the diff graph, with its modes in the state.
  const isDiff = tree.baselineTotal !== undefined;
  const graph = (graphHeight: number | 'auto') => {
    const common: FlameGraphProps = {
      tree,
      unit,
      toolbar: false,
      height: graphHeight,
      maxHeight,
      labelValue: props.labelValue ?? 'share',
      onNodeClick: props.onNodeClick,
      onNodeHover: props.onNodeHover,
      onNodeContextMenu: props.onNodeContextMenu,
      theme: props.theme,
      search: state.search,
      onSearchChange: (next) => update({ search: next }),
      zoomPath: state.zoomPath,
      onZoomPathChange: (zoomPath) => update({ zoomPath }),
      selectedPath: state.selectedPath ?? ([] as NodePath),
      onSelectedPathChange: (selectedPath) => update({ selectedPath }),
      colorScheme: state.colorScheme,
      orientation: state.orientation,
      textAlign: state.textAlign,
      onOpenSandwich: (sandwich) => update({ sandwich, view: 'sandwich' }),
      transforms,
      onTransformsChange: setTransforms,
      contextMenuItems: props.contextMenuItems,
      renderTooltip: props.renderTooltip,
    };
    if (!isDiff) return <FlameGraph ref={graphHandle} {...common} />;
    return (
      <DiffFlameGraph
        ref={graphHandle}
        {...common}
        colorMode={state.diffColorMode}
        onColorModeChange={(diffColorMode) => update({ diffColorMode })}
        palette={state.diffPalette}
        onPaletteChange={(diffPalette) => update({ diffPalette })}
        widthMode={state.diffWidthMode}
        onWidthModeChange={(diffWidthMode) => update({ diffWidthMode })}
      />
    );
  };

  const table = (tableHeight: number) => (
    <TopTable
      tree={tree}
      unit={unit}
      theme={props.theme}
      height={tableHeight}
      search={state.search}
      onOpenSandwich={(sandwich) => update({ sandwich, view: 'sandwich' })}
      onHighlightFunction={(name) =>
        update({ search: { text: name, mode: 'exact', caseSensitive: true } })
      }
      onZoomToFunction={zoomToFunction}
    />
  );

  return (
    <div
      ref={root}
      data-flamekit="explorer"
      {...themedRootProps(theme, props)}
      onKeyDown={onKeyDown}
    >
      <ExplorerToolbar
        ref={searchInput}
        // The picker takes room the toolbar's other controls counted on: they fold into "More"
        // that much sooner, instead of squeezing the search box.
        width={width - (hasPicker(profile) ? PICKER_ROOM : 0)}
        state={view === state.view ? state : { ...state, view }}
        timeOrdered={profile.timeOrder !== undefined}
        onViewChange={chooseView}
        search={{
          matchCount: search?.matchCount ?? 0,
          share: search?.share ?? 0,
          error: search?.error,
        }}
        onSearchChange={(next) => update({ search: next })}
        onStep={stepSearch}
        onReset={resetAll}
        secondary={
          <DisplayControls
            profile={profile}
            sampleType={sampleType}
            state={state}
            update={update}
          />
        }
        end={
          <>
            {props.exportFormats !== false && (
              <ExportMenu
                tree={shownTree ?? tree}
                profile={profile}
                sampleType={sampleType}
                formats={props.exportFormats}
                onExport={props.onExport}
                zoomed={state.zoomPath.length > 0}
                picture={() =>
                  explorerPictureOptions(shownTree ?? tree, state, {
                    unit,
                    // As the graph draws it: the theme with the host's CSS variables.
                    theme: root.current
                      ? readCanvasTheme(root.current, theme.canvas, { inherited: !theme.explicit })
                      : theme.canvas,
                    labelValue: props.labelValue ?? 'share',
                  })
                }
              />
            )}
            {props.toolbarItems}
          </>
        }
      />

      <div data-flamekit="explorer-view">
        {(view === 'flame-graph' || (view === 'both' && width < BOTH_MIN_WIDTH)) && graph(height)}
        {view === 'flame-chart' && (
          <FlameChartView
            profile={profile}
            toolbar={false}
            search={state.search}
            onSearchChange={(next) => update({ search: next })}
            colorScheme={state.colorScheme}
            theme={props.theme}
            textAlign={state.textAlign}
            height={tableHeight}
          />
        )}
        {state.view === 'top-table' && table(tableHeight)}
        {state.view === 'both' && width >= BOTH_MIN_WIDTH && (
          <div
            style={{
              display: 'grid',
              gridTemplateColumns: 'minmax(0, 2fr) minmax(0, 3fr)',
              gap: 8,
            }}
          >
            {table(tableHeight - 34)}
            {graph(height)}
          </div>
        )}
        {state.view === 'sandwich' && (
          <SandwichView
            ref={sandwichHandle}
            tree={tree}
            unit={unit}
            theme={props.theme}
            toolbar={false}
            height={typeof height === 'number' ? height / 2 - 20 : 'auto'}
            functionName={state.sandwich ?? ''}
            onFunctionNameChange={(sandwich) => update({ sandwich })}
            search={state.search}
            onSearchChange={(next) => update({ search: next })}
            colorScheme={state.colorScheme}
            textAlign={state.textAlign}
            labelValue={props.labelValue ?? 'share'}
          />
        )}
        {state.view === 'call-tree' && (
          <CallTree
            ref={callTreeHandle}
            tree={tree}
            unit={unit}
            theme={props.theme}
            height={tableHeight - 40}
            search={state.search}
            mode={callTreeMode}
            onModeChange={setCallTreeMode}
            // The explorer's selection is a path from the root: the top-down tree's. Bottom-up
            // rows are paths from a function to its callers, kept by the tree itself.
            {...(callTreeMode === 'top-down' && {
              selectedPath: state.selectedPath ?? [],
              onSelectedPathChange: (selectedPath: NodePath | undefined) =>
                update({ selectedPath }),
            })}
          />
        )}
      </div>

      <ExplorerStatusBar
        profile={profile}
        tree={tree}
        unit={unit}
        sampleType={sampleType}
        state={state}
        update={update}
      />
    </div>
  );
}

function safeSampleType(profile: Profile, name: string | undefined): number {
  try {
    return resolveSampleType(profile, name);
  } catch {
    return profile.defaultSampleType;
  }
}
