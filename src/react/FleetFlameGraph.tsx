import {
  computeLineTable,
  formatShare,
  formatValue,
  OTHER_NODE_NAME,
  type NodePath,
  type SourceProfile,
  type SourceProvider,
} from '../core/index';
import {
  loadingStyle,
  mutedStyle,
  queryKey,
  QueryStatus,
  stackStyle,
  rowStyle,
  type FleetContext,
} from './fleet-parts';
import { ProfileExplorer } from './ProfileExplorer';
import { SourceView } from './SourceView';
import { buttonStyle, themeColor } from './styles';
import { Timeline } from './Timeline';
import { useSourceQuery } from './use-source-query';

/**
 * The selection over time with a brush, and below it the merged flame graph of the brushed range
 * (the whole window when none) in a full `<ProfileExplorer>`.
 *
 * A source cuts large trees to `maxNodes`, folding small calls into `other` nodes: the graph then
 * says it is partial and how much `other` holds. Zooming into a node of a partial tree asks the
 * source again for the stacks under that call site, so what `other` hid there comes back; the
 * zoomed graph is shown until the answer replaces it. "Show source lines" in a node's context menu
 * asks for the merged pprof under that node and shows its function's cost per line.
 */
export function FleetFlameGraph(props: { context: FleetContext; sourceProvider?: SourceProvider }) {
  const { context } = props;
  const { source, state, update, window, profileType, maxNodes, theme, height } = context;
  const { matchers } = state;
  const range = state.ranges.selection ?? window;
  const typeId = profileType?.id;
  const totals = useSourceQuery(
    typeId && queryKey(context, 'timeline', typeId, matchers, window),
    (signal) => source.queryTotals({ profileType: typeId!, matchers, range: window }, signal),
  );
  const base = useSourceQuery(
    typeId && queryKey(context, 'tree', typeId, matchers, range, maxNodes),
    (signal) => source.queryMergedTree({ profileType: typeId!, matchers, range, maxNodes }, signal),
  );
  // Detail is asked for only where the tree was cut; zooming into `other` asks for its caller.
  const zoomPath = state.explorer.zoomPath;
  const callSite = zoomPath.at(-1) === OTHER_NODE_NAME ? zoomPath.slice(0, -1) : zoomPath;
  const wantsDetail = base.value?.partial === true && callSite.length > 0;
  const detail = useSourceQuery(
    wantsDetail
      ? queryKey(context, 'detail', typeId, matchers, range, maxNodes, callSite)
      : undefined,
    (signal) =>
      source.queryMergedTree({ profileType: typeId!, matchers, range, maxNodes, callSite }, signal),
  );
  const detailFresh =
    wantsDetail &&
    detail.value !== undefined &&
    detail.value.callSite.join('\u0000') === callSite.join('\u0000');
  const shown: SourceProfile | undefined = detailFresh ? detail.value : base.value;

  const unit = totals.value?.sampleType.unit ?? profileType?.sampleType.unit ?? 'count';
  return (
    <div data-flamekit="fleet-flame-graph" style={stackStyle}>
      <QueryStatus query={totals} what="the totals over time" />
      {totals.value && (
        <div style={loadingStyle(totals)}>
          <Timeline
            totals={totals.value}
            ranges={{ selection: state.ranges.selection }}
            onRangesChange={(ranges) =>
              update((old) => ({
                ranges: { ...old.ranges, selection: ranges.selection },
                explorer: { ...old.explorer, zoomPath: [], selectedPath: undefined },
              }))
            }
            theme={theme}
            unit={unit}
            ariaLabel="Totals over time of the selection"
          />
        </div>
      )}
      <QueryStatus query={base} what="the flame graph" />
      <QueryStatus
        query={detail}
        what={`the calls under ${callSite.at(-1) ?? 'the zoomed node'}`}
      />
      {shown && (
        <PartialNote shown={shown} unit={unit} detailPending={wantsDetail && !detailFresh} />
      )}
      {shown && (
        <div style={loadingStyle(base)}>
          <ProfileExplorer
            profile={shown.profile}
            theme={theme}
            height={height}
            state={state.explorer}
            onStateChange={(explorer) => update({ explorer })}
            contextMenuItems={(node) => [
              {
                label: 'Show source lines',
                onSelect: () => update({ sourcePath: [...node.path] }),
              },
            ]}
          />
        </div>
      )}
      {state.sourcePath && typeId && (
        <SourceLines
          context={context}
          path={state.sourcePath}
          provider={props.sourceProvider}
          onClose={() => update({ sourcePath: undefined })}
        />
      )}
    </div>
  );
}

/** Says when the graph shown is cut, how much `other` holds, and what zooming does about it. */
function PartialNote(props: { shown: SourceProfile; unit: string; detailPending: boolean }) {
  const { shown, unit, detailPending } = props;
  const total = shown.profile.tree().total[0];
  const under = shown.callSite.at(-1);
  if (!shown.partial) {
    return under ? (
      <p role="status" style={{ ...mutedStyle, margin: 0 }}>
        Every call under {under}, asked for in detail.
      </p>
    ) : null;
  }
  return (
    <p
      role="status"
      data-flamekit="fleet-partial"
      style={{
        margin: 0,
        padding: '4px 8px',
        borderLeft: `3px solid ${themeColor.accent}`,
        background: themeColor.panel,
      }}
    >
      <strong>Partial {under ? `detail under ${under}` : 'flame graph'}:</strong>{' '}
      {formatValue(shown.otherTotal, unit)} ({formatShare(total ? shown.otherTotal / total : 0)}) of
      it ends in <code>other</code> nodes, where the source cut stacks whose calls were too small to
      keep.{' '}
      {detailPending
        ? 'Asking for the calls under the zoomed node…'
        : 'Zoom into a node to ask for every call under it.'}
    </p>
  );
}

/** The cost per line of a node's function, from the merged pprof of the stacks through that node. */
function SourceLines(props: {
  context: FleetContext;
  path: NodePath;
  provider: SourceProvider | undefined;
  onClose: () => void;
}) {
  const { context, path } = props;
  const { source, state, window, profileType, theme } = context;
  const range = state.ranges.selection ?? window;
  const name = path.at(-1) ?? '';
  const query = useSourceQuery(
    queryKey(context, 'lines', profileType!.id, state.matchers, range, path),
    async (signal) => {
      const merged = await source.queryMergedPprof(
        { profileType: profileType!.id, matchers: state.matchers, range, callSite: path },
        signal,
      );
      return computeLineTable(merged.profile, name) ?? null;
    },
  );
  return (
    <section
      data-flamekit="fleet-source-lines"
      aria-label={`Source lines of ${name}`}
      style={stackStyle}
    >
      <div style={{ ...rowStyle, justifyContent: 'space-between' }}>
        <strong style={{ overflowWrap: 'anywhere' }}>Source lines of {name}</strong>
        <button
          type="button"
          style={buttonStyle}
          onClick={props.onClose}
          aria-label="Close the source lines"
        >
          Close
        </button>
      </div>
      <QueryStatus query={query} what="the merged pprof" />
      {query.value === null && !query.loading && (
        <p style={mutedStyle}>The merged profile has no samples of {name} under this call site.</p>
      )}
      {query.value && (
        <div style={loadingStyle(query)}>
          <SourceView table={query.value} provider={props.provider} theme={theme} />
        </div>
      )}
    </section>
  );
}
