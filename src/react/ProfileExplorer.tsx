import { useMemo, useState, type CSSProperties, type ReactNode } from 'react';
import {
  computeSearch,
  formatValue,
  importProfile,
  isFlamekitError,
  nextMatch,
  resolveSampleType,
  computeNodePath,
  type NodePath,
  type Profile,
  type ProfileInput,
} from '../core/index';
import type { FlameGraphTheme } from '../render/index';
import { CallTree } from './CallTree';
import type { ContextMenuItem } from './ContextMenu';
import { DEFAULT_EXPLORER_STATE, type ExplorerState, type ExplorerView } from './explorer-state';
import { DiffFlameGraph } from './DiffFlameGraph';
import { explorerPictureOptions } from './explorer-export';
import type { ExportFileFormat, ExportedFile } from './export-files';
import { ExportMenu } from './ExportMenu';
import { FlameGraph, type FlameGraphNode, type FlameGraphProps } from './FlameGraph';
import { SandwichView } from './SandwichView';
import { SearchBar } from './SearchBar';
import { buttonStyle, inputStyle, rootStyle, themeVariables } from './styles';
import { TopTable } from './TopTable';
import { applyTransforms, type TreeTransform } from './tree-transforms';
import { useControllableState } from './use-controllable-state';

export interface ProfileExplorerProps {
  /** A profile already imported... */
  profile?: Profile;
  /** ...or a file's bytes or text, imported here (an import error is shown, not thrown). */
  input?: ProfileInput;
  state?: ExplorerState;
  defaultState?: Partial<ExplorerState>;
  /** Every change of view, search, zoom, selection, sandwich, scheme, orientation or alignment. */
  onStateChange?: (state: ExplorerState) => void;
  theme?: 'light' | 'dark' | FlameGraphTheme;
  /** Height of the main view in CSS px. Default 480. */
  height?: number;
  /**
   * The formats of the toolbar's Export menu (pictures of the view as shown, the profile in other
   * formats); default all, `false` for no menu.
   */
  exportFormats?: readonly ExportFileFormat[] | false;
  /** Receives exported files instead of the browser's download. */
  onExport?: (file: ExportedFile) => void;
  /** Host elements at the end of the toolbar (a share link...). */
  toolbarItems?: ReactNode;
  contextMenuItems?: (node: FlameGraphNode) => ContextMenuItem[];
  renderTooltip?: (node: FlameGraphNode) => ReactNode;
  className?: string;
  style?: CSSProperties;
}

const VIEWS: [ExplorerView, string][] = [
  ['flame-graph', 'Flame graph'],
  ['top-table', 'Top table'],
  ['both', 'Both'],
  ['sandwich', 'Sandwich'],
  ['call-tree', 'Call tree'],
];

/**
 * The one component most apps embed: a toolbar (search, view, sample type, colours, orientation,
 * alignment, reset, host items), the flame graph, top table, sandwich and call tree sharing one
 * state, and a status bar with the total and the zoom and sandwich as closable pills. The whole
 * state is controllable and serialises with `encodeExplorerState`.
 */
export function ProfileExplorer(props: ProfileExplorerProps) {
  const imported = useMemo((): { profile?: Profile; error?: unknown } => {
    if (props.profile) return { profile: props.profile };
    if (props.input === undefined) return {};
    try {
      return { profile: importProfile(props.input) };
    } catch (error) {
      return { error };
    }
  }, [props.profile, props.input]);
  const [state, setState] = useControllableState(
    props.state,
    { ...DEFAULT_EXPLORER_STATE, ...props.defaultState },
    props.onStateChange,
  );
  // Each change applies to the latest state, so two in one event (a click zooms and selects) compose.
  const update = (change: Partial<ExplorerState>) =>
    setState((previous) => ({ ...previous, ...change }));
  const theme =
    typeof props.theme === 'object' ? props.theme : props.theme === 'dark' ? 'dark' : 'light';
  const palette = typeof theme === 'object' ? theme.palette : theme;
  const profile = imported.profile;
  const sampleType = profile ? safeSampleType(profile, state.sampleType) : 0;
  const tree = useMemo(() => profile?.tree(sampleType), [profile, sampleType]);
  const unit = profile ? profile.sampleTypes[sampleType].unit : 'count';
  const search = useMemo(
    () => (tree && state.search.text ? computeSearch(tree, state.search) : undefined),
    [tree, state.search],
  );
  const height = props.height ?? 480;
  // The graph's merges, drops and collapsed recursion (from its context menu), held here so that
  // an export draws the tree as the graph shows it.
  const [transforms, setTransforms] = useState<readonly TreeTransform[]>([]);
  const shownTree = useMemo(
    () => (tree && transforms.length > 0 ? applyTransforms(tree, transforms) : tree),
    [tree, transforms],
  );

  if (imported.error !== undefined) {
    const error = imported.error;
    return (
      <div
        role="alert"
        data-flamekit="explorer-error"
        style={{
          ...rootStyle,
          ...themeVariables[palette],
          padding: 16,
          border: '1px solid var(--flamekit-error)',
          borderRadius: 6,
        }}
      >
        <strong>This profile could not be opened.</strong>
        <div>{isFlamekitError(error) ? error.message : String(error)}</div>
        <div style={{ color: 'var(--flamekit-muted)' }}>
          flamekit reads pprof, folded stacks, speedscope, Chrome .cpuprofile and traces, perf
          script, Firefox Profiler, Pyroscope flamebearer, Grafana nested sets and d3-flame-graph
          JSON.
        </div>
      </div>
    );
  }
  if (!profile || !tree)
    return (
      <div
        style={{
          ...rootStyle,
          ...themeVariables[palette],
          padding: 16,
          color: 'var(--flamekit-muted)',
        }}
      >
        No profile to show.
      </div>
    );

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
    const from = state.selectedPath ? -1 : 0;
    const target = nextMatch(search, from, direction);
    if (target > 0)
      update({
        selectedPath: computeNodePath(tree, target),
        zoomPath: computeNodePath(tree, target),
      });
  };
  // A profile that compares two (or a diff tree) shows the diff graph, with its modes in the state.
  const isDiff = tree.baselineTotal !== undefined;
  const graph = (graphHeight: number) => {
    const common: FlameGraphProps = {
      tree,
      unit,
      toolbar: false,
      height: graphHeight,
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
    if (!isDiff) return <FlameGraph {...common} />;
    return (
      <DiffFlameGraph
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
      data-flamekit="explorer"
      className={props.className}
      style={{ ...rootStyle, ...themeVariables[palette], ...props.style }}
    >
      <div
        role="toolbar"
        aria-label="Profile explorer"
        style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}
      >
        <div style={{ flex: '1 1 24rem' }}>
          <SearchBar
            query={state.search}
            onQueryChange={(next) => update({ search: next })}
            matchCount={search?.matchCount ?? 0}
            share={search?.share ?? 0}
            error={search?.error}
            onStep={stepSearch}
          />
        </div>
        <div role="radiogroup" aria-label="View" style={{ display: 'flex', gap: 4 }}>
          {VIEWS.map(([view, label]) => (
            <button
              key={view}
              type="button"
              role="radio"
              aria-checked={state.view === view}
              onClick={() => update({ view })}
              style={{ ...buttonStyle, fontWeight: state.view === view ? 600 : 400 }}
            >
              {label}
            </button>
          ))}
        </div>
        {profile.sampleTypes.length > 1 && (
          <select
            aria-label="Sample type"
            value={sampleType}
            onChange={(event) =>
              update({
                sampleType: profile.sampleTypes[Number(event.target.value)].type,
                zoomPath: [],
              })
            }
            style={inputStyle}
          >
            {profile.sampleTypes.map((type, index) => (
              <option key={index} value={index}>
                {type.type} ({type.unit})
              </option>
            ))}
          </select>
        )}
        <select
          aria-label="Colour scheme"
          value={state.colorScheme}
          onChange={(event) =>
            update({ colorScheme: event.target.value as ExplorerState['colorScheme'] })
          }
          style={inputStyle}
        >
          <option value="package">By package</option>
          <option value="total">By total</option>
          <option value="self">By self</option>
        </select>
        <button
          type="button"
          aria-label="Orientation"
          onClick={() =>
            update({ orientation: state.orientation === 'flame' ? 'icicle' : 'flame' })
          }
          style={buttonStyle}
        >
          {state.orientation === 'flame' ? 'Flame ▲' : 'Icicle ▼'}
        </button>
        <button
          type="button"
          aria-label="Text alignment"
          onClick={() => update({ textAlign: state.textAlign === 'left' ? 'right' : 'left' })}
          style={buttonStyle}
        >
          {state.textAlign === 'left' ? 'Align ⇤' : 'Align ⇥'}
        </button>
        <button
          type="button"
          onClick={() =>
            update({ zoomPath: [], selectedPath: undefined, search: DEFAULT_EXPLORER_STATE.search })
          }
          style={buttonStyle}
        >
          Reset
        </button>
        {props.exportFormats !== false && (
          <ExportMenu
            tree={shownTree ?? tree}
            profile={profile}
            sampleType={sampleType}
            formats={props.exportFormats}
            onExport={props.onExport}
            zoomed={state.zoomPath.length > 0}
            picture={() =>
              explorerPictureOptions(shownTree ?? tree, state, { unit, theme: props.theme })
            }
          />
        )}
        {props.toolbarItems}
      </div>

      <div data-flamekit="explorer-view">
        {state.view === 'flame-graph' && graph(height)}
        {state.view === 'top-table' && table(height)}
        {state.view === 'both' && (
          <div
            style={{
              display: 'grid',
              gridTemplateColumns: 'minmax(0, 2fr) minmax(0, 3fr)',
              gap: 8,
            }}
          >
            {table(height - 34)}
            {graph(height)}
          </div>
        )}
        {state.view === 'sandwich' && (
          <SandwichView
            tree={tree}
            unit={unit}
            theme={props.theme}
            height={height / 2 - 40}
            functionName={state.sandwich}
            onFunctionNameChange={(sandwich) => update({ sandwich })}
          />
        )}
        {state.view === 'call-tree' && (
          <CallTree
            tree={tree}
            unit={unit}
            height={height - 40}
            selectedPath={state.selectedPath}
            onSelectedPathChange={(selectedPath) => update({ selectedPath })}
          />
        )}
      </div>

      <div
        role="status"
        data-flamekit="status-bar"
        style={{
          display: 'flex',
          gap: 8,
          alignItems: 'center',
          flexWrap: 'wrap',
          color: 'var(--flamekit-muted)',
        }}
      >
        <span>
          Total {formatValue(tree.total[0], unit)} · {profile.sampleTypes[sampleType].type} ({unit})
          · {profile.format}
        </span>
        {state.zoomPath.length > 0 && (
          <Pill label={`Zoom: ${state.zoomPath.at(-1)}`} onClose={() => update({ zoomPath: [] })} />
        )}
        {state.sandwich !== undefined && (
          <Pill
            label={`Sandwich: ${state.sandwich}`}
            onClose={() =>
              update({
                sandwich: undefined,
                view: state.view === 'sandwich' ? 'flame-graph' : state.view,
              })
            }
          />
        )}
        {profile.warnings.map((warning) => (
          <span key={warning.code} title={warning.message}>
            ⚠ {warning.message}
          </span>
        ))}
      </div>
    </div>
  );
}

function Pill({ label, onClose }: { label: string; onClose: () => void }) {
  return (
    <span
      style={{
        display: 'inline-flex',
        gap: 4,
        alignItems: 'center',
        border: '1px solid var(--flamekit-border)',
        borderRadius: 999,
        padding: '1px 4px 1px 10px',
        color: 'var(--flamekit-fg)',
      }}
    >
      {label}
      <button
        type="button"
        aria-label={`Close ${label}`}
        onClick={onClose}
        style={{ ...buttonStyle, border: 0, background: 'transparent', padding: '0 4px' }}
      >
        ×
      </button>
    </span>
  );
}

function safeSampleType(profile: Profile, name: string | undefined): number {
  try {
    return resolveSampleType(profile, name);
  } catch {
    return profile.defaultSampleType;
  }
}
