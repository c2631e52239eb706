import {
  forwardRef,
  type ForwardedRef,
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import {
  createNodeColorLookup,
  computeNodePath,
  computeNodeSummary,
  createLabelValueFormatter,
  searchMissedFrames,
  searchMisses,
  createFlameLayout,
  describeNode,
  findNodeByPath,
  nextMatch,
  type NodeIndex,
  type NodePath,
  type SearchQuery,
} from '../core/index';
import { createFlameGraphRenderer, type FlameGraphRenderer } from '../render/index';
import { ContextMenu, type ContextMenuItem } from './ContextMenu';
import { FlameGraphToolbar } from './flame-graph-parts';
import { flameGraphKeyHandler, flameGraphMenuItems } from './flame-graph-commands';
import type { FlameGraphHandle, FlameGraphNode, FlameGraphProps } from './flame-graph-props';
import { themeColor, visuallyHidden } from './styles';
import { Tooltip } from './Tooltip';
import { applyTransforms, type TreeTransform } from './tree-transforms';
import { useControllableState } from './use-controllable-state';
import { useProfileTree } from './use-profile-tree';
import { useSampleCount } from './use-sample-count';
import { useSearchResult } from './use-search-result';
import { useSearchWarmUp } from './use-search-warm-up';
import { useElementSize } from './use-element-size';
import { useFlameGraphPointer } from './use-flame-graph-pointer';
import { useWheelHint, WheelHint } from './WheelHint';
import { themedRootProps, useCanvasTheme, useResolvedTheme } from './use-theme';

const EMPTY_SEARCH: SearchQuery = { text: '', mode: 'substring', caseSensitive: false };
const NO_PATH: NodePath = [];
const NO_TRANSFORMS: readonly TreeTransform[] = [];

const DEFAULT_MAX_HEIGHT = 600;
/** The height of an empty graph's message. */
const EMPTY_HEIGHT = 60;

/**
 * The canvas flame graph: click to zoom (ancestors stay, faded), Ctrl/⌘ + wheel or a pinch to
 * zoom around the pointer, Shift + wheel or drag to pan, a plain wheel to scroll (the hidden
 * rows, then the page), double-click or Escape to reset; hover for a tooltip; search; a context
 * menu; and a keyboard map for people who cannot use a pointer, with an aria-live region that
 * says what is selected. Every piece of view state can be controlled (prop + onChange) or left to
 * the component; `ref` gives a {@link FlameGraphHandle}.
 */
export const FlameGraph = forwardRef<FlameGraphHandle, FlameGraphProps>(FlameGraphWithRef);

function FlameGraphWithRef(props: FlameGraphProps, ref: ForwardedRef<FlameGraphHandle>) {
  const { tree: baseTree, unit } = useProfileTree(props);
  const [zoomPath, setZoomPath] = useControllableState(
    props.zoomPath,
    props.defaultZoomPath ?? NO_PATH,
    props.onZoomPathChange,
  );
  const [search, setSearch] = useControllableState(
    props.search,
    props.defaultSearch ?? EMPTY_SEARCH,
    props.onSearchChange,
  );
  const [selectedPath, setSelectedPath] = useControllableState<NodePath | undefined>(
    props.selectedPath,
    props.defaultSelectedPath,
    props.onSelectedPathChange,
  );
  const [colorScheme] = useControllableState(
    props.colorScheme,
    props.defaultColorScheme ?? 'package',
    props.onColorSchemeChange,
  );
  const [orientation] = useControllableState(
    props.orientation,
    props.defaultOrientation ?? 'flame',
    props.onOrientationChange,
  );
  const [transforms, setTransforms] = useControllableState(
    props.transforms,
    props.defaultTransforms ?? NO_TRANSFORMS,
    props.onTransformsChange,
  );
  const container = useRef<HTMLDivElement>(null);
  const resolvedTheme = useResolvedTheme(props.theme);
  // The canvas follows the host's --flamekit-* variables as the HTML does.
  const theme = useCanvasTheme(container, resolvedTheme, props);

  const tree = useMemo(
    () => baseTree && applyTransforms(baseTree, transforms),
    [baseTree, transforms],
  );
  const { layoutWeight, nodeStyle } = props;
  const layout = useMemo(
    () => tree && createFlameLayout(tree, layoutWeight && { weight: layoutWeight(tree) }),
    [tree, layoutWeight],
  );
  // A lookup, not an array: only the boxes drawn get coloured, so a first paint of a big tree
  // does not colour a million nodes it does not show.
  const style = useMemo(
    () =>
      tree &&
      (nodeStyle?.(tree, theme.palette) ?? {
        colorOf: createNodeColorLookup(tree, colorScheme, { theme: theme.palette }),
      }),
    [tree, nodeStyle, colorScheme, theme.palette],
  );
  const labelValueOf = useMemo(
    () => (tree ? createLabelValueFormatter(tree, props.labelValue ?? 'none', unit) : undefined),
    [tree, props.labelValue, unit],
  );
  const searchResult = useSearchResult(tree, search);
  useSearchWarmUp(tree, search.text !== '');
  const dimmedFrames = useMemo(
    () => (searchResult ? searchMissedFrames(searchResult) : undefined),
    [searchResult],
  );
  const zoomNode = useMemo(
    () => (tree && zoomPath.length > 0 ? Math.max(0, findNodeByPath(tree, zoomPath)) : 0),
    [tree, zoomPath],
  );
  const selected = useMemo(
    // An empty path selects nothing, so that a host controlling the selection can clear it.
    () =>
      tree && selectedPath && selectedPath.length > 0 ? findNodeByPath(tree, selectedPath) : -1,
    [tree, selectedPath],
  );
  const [history, setHistory] = useState<NodePath[]>([]);

  const graphArea = useRef<HTMLDivElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const searchInput = useRef<HTMLInputElement>(null);
  const renderer = useRef<FlameGraphRenderer | undefined>(undefined);
  const rowHeight = props.rowHeight ?? 18;
  const firstDepth = Math.max(0, Math.min(props.firstDepth ?? 0, layout ? layout.rowCount - 1 : 0));
  const contentHeight = layout ? (layout.rowCount - firstDepth) * rowHeight : 0;
  const height =
    typeof props.height === 'number'
      ? props.height
      : layout
        ? Math.min(contentHeight, props.maxHeight ?? DEFAULT_MAX_HEIGHT)
        : EMPTY_HEIGHT;
  const size = useElementSize(scroller, { width: 800, height });
  const [hint, setHint] = useWheelHint();
  const [menu, setMenu] = useState<{ node: NodeIndex; x: number; y: number } | undefined>();
  const [focused, setFocused] = useState(false);

  const zoomTo = useCallback(
    (node: NodeIndex) => {
      if (!tree) return;
      setHistory((past) => [...past, zoomPath]);
      setZoomPath(node > 0 ? computeNodePath(tree, node) : NO_PATH);
    },
    [tree, zoomPath, setZoomPath],
  );
  const resetZoom = () => {
    setHistory([]);
    setZoomPath(NO_PATH);
    pointer.resetView();
  };
  const back = () => {
    setHistory((past) => past.slice(0, -1));
    setZoomPath(history.at(-1) ?? NO_PATH);
  };
  const select = (node: NodeIndex) => {
    if (!tree) return;
    if (node >= 0 && tree.depth[node] < firstDepth) return; // a row not drawn
    setSelectedPath(node >= 0 ? computeNodePath(tree, node) : undefined);
    if (node >= 0) pointer.reveal(node);
  };

  const pointer = useFlameGraphPointer({
    renderer,
    canvas: canvasRef,
    scroller,
    tree,
    layout,
    zoomNode,
    size,
    rowHeight,
    orientation,
    firstDepth,
    onClickNode: (node) => {
      zoomTo(node);
      select(node);
      props.onNodeClick?.(nodeInfo(node));
    },
    onDoubleClick: () => resetZoom(),
    onContextMenu: (node, x, y) => openMenu(node, x, y),
    onPlainWheel: () => setHint(true),
  });
  const openMenu = (node: NodeIndex, x: number, y: number) => {
    let prevented = false;
    const rect = canvasRef.current?.getBoundingClientRect();
    props.onNodeContextMenu?.(nodeInfo(node), {
      clientX: x + (rect?.left ?? 0),
      clientY: y + (rect?.top ?? 0),
      preventDefault: () => (prevented = true),
    });
    if (!prevented) setMenu({ node, x, y });
  };
  const hoveredNode = pointer.hover?.node ?? -1;
  const onNodeHover = useRef(props.onNodeHover);
  onNodeHover.current = props.onNodeHover;
  useEffect(() => {
    if (!tree || !onNodeHover.current) return;
    onNodeHover.current(
      hoveredNode >= 0 && hoveredNode < tree.nodeCount ? nodeInfo(hoveredNode) : undefined,
    );
    // Only a change of the box under the pointer is news to the host.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [hoveredNode, tree]);
  useImperativeHandle(ref, (): FlameGraphHandle => ({
    zoomTo(path) {
      if (!tree) return;
      const node = path.length === 0 ? 0 : findNodeByPath(tree, path);
      if (node >= 0) zoomTo(node);
    },
    reset: () => resetZoom(),
    focus: () => graphArea.current?.focus(),
    search: (text) => setSearch((previous) => ({ ...previous, text })),
  }));

  // The renderer lives as long as the canvas. It is told about every change in layout effects,
  // in the commit itself, so that the redraw it schedules lands in the frame that also shows the
  // DOM of that commit (the tooltip, the toolbar): an input is painted in the next frame.
  useLayoutEffect(() => {
    if (!canvasRef.current) return;
    renderer.current = createFlameGraphRenderer(canvasRef.current);
    return () => {
      renderer.current?.destroy();
      renderer.current = undefined;
    };
  }, []);
  useLayoutEffect(() => renderer.current?.setData(tree, layout), [tree, layout]);
  useLayoutEffect(() => {
    renderer.current?.setOptions({
      theme,
      orientation,
      colorOf: style?.colorOf,
      markOf: style?.markOf,
      dimmedFrames,
      highlightedFrame: pointer.highlightedFrame,
      selected,
      focus: zoomNode,
      textAlign: props.textAlign ?? 'left',
      labelValueOf,
      muteUnlabeled: props.muteNarrowBoxes ?? true,
      firstDepth,
      ...(props.rowHeight && { rowHeight: props.rowHeight }),
    });
  }, [
    firstDepth,
    labelValueOf,
    props.muteNarrowBoxes,
    theme,
    orientation,
    style,
    dimmedFrames,
    pointer.highlightedFrame,
    selected,
    zoomNode,
    props.textAlign,
    props.rowHeight,
  ]);
  useLayoutEffect(() => {
    if (!layout) return;
    const range = pointer.range ?? {
      valueStart: layout.start(zoomNode),
      valueEnd: layout.start(zoomNode) + layout.width(zoomNode),
    };
    renderer.current?.setViewport({
      ...range,
      scrollTop: pointer.scrollTop,
      width: size.width,
      height: size.height,
    });
  }, [layout, zoomNode, pointer.range, pointer.scrollTop, size]);

  const nodeInfo = useCallback(
    (node: NodeIndex): FlameGraphNode => ({
      node,
      tree: tree!,
      path: computeNodePath(tree!, node),
      summary: computeNodeSummary(tree!, node, zoomNode),
    }),
    [tree, zoomNode],
  );
  const step = (direction: 1 | -1) => {
    if (!searchResult) return;
    const target = nextMatch(searchResult, selected >= 0 ? selected : zoomNode, direction);
    if (target >= 0) {
      select(target);
      zoomTo(target);
    }
  };

  const onKeyDown = flameGraphKeyHandler({
    tree,
    current: selected >= 0 ? selected : zoomNode,
    orientation,
    firstDepth,
    select,
    zoomTo,
    resetZoom,
    back,
    focusSearch: () => searchInput.current?.focus(),
    openMenuAt: (node) => {
      const rect = renderer.current?.nodeRect(node);
      openMenu(node, Math.max(0, rect?.x ?? 0) + 8, (rect?.y ?? 0) + 8);
    },
  });

  const menuItems = (node: NodeIndex): ContextMenuItem[] => [
    ...flameGraphMenuItems({
      tree: tree!,
      node,
      zoomTo,
      transforms,
      setTransforms,
      onOpenSandwich: props.onOpenSandwich,
    }),
    ...(props.contextMenuItems?.(nodeInfo(node)) ?? []),
  ];

  const sampleCountOf = useSampleCount(props, tree, transforms.length > 0);

  const announcement =
    tree && selected >= 0
      ? (props.describeSelection?.(nodeInfo(selected), unit) ??
        describeNode(computeNodeSummary(tree, selected, zoomNode), unit))
      : '';
  const hovered =
    pointer.hover && tree && pointer.hover.node < tree.nodeCount ? pointer.hover : undefined;
  const label = props['aria-label'] ?? 'Flame graph';

  return (
    <div ref={container} data-flamekit="flame-graph" {...themedRootProps(resolvedTheme, props)}>
      {props.toolbar === false && props.toolbarItems && (
        // Without the search bar (an explorer has its own), the host's items still get a row.
        <div style={{ display: 'flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' }}>
          {props.toolbarItems}
        </div>
      )}
      {props.toolbar !== false && tree && (
        <FlameGraphToolbar
          searchInput={searchInput}
          search={search}
          onSearchChange={setSearch}
          searchResult={searchResult}
          onStep={step}
          onBack={back}
          canGoBack={history.length > 0}
          onReset={resetZoom}
          canReset={zoomPath.length > 0 || !!pointer.range}
          exportMenu={
            props.exportFormats === false
              ? undefined
              : {
                  tree,
                  profile: props.profile,
                  sampleType: props.sampleType,
                  formats: props.exportFormats,
                  onExport: props.onExport,
                  zoomed: zoomNode > 0,
                  picture: () => {
                    // The picture fades the misses by node; built when someone exports.
                    const dimmed = searchResult && searchMisses(searchResult);
                    return {
                      unit,
                      focus: zoomNode,
                      ...(dimmed && { dimmed }),
                      theme,
                      colorScheme,
                      orientation,
                      textAlign: props.textAlign ?? 'left',
                      labelValue: props.labelValue ?? 'none',
                      muteNarrowBoxes: props.muteNarrowBoxes ?? true,
                      ...(props.rowHeight && { rowHeight: props.rowHeight }),
                      ...props.exportPicture,
                    };
                  },
                }
          }
          items={props.toolbarItems}
        />
      )}
      <div
        ref={graphArea}
        tabIndex={0}
        role="application"
        aria-roledescription="flame graph"
        aria-label={label}
        aria-describedby={`${label}-keys`}
        onKeyDown={onKeyDown}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
        style={{
          position: 'relative',
          outline: focused ? `2px solid ${themeColor.accent}` : 'none',
          outlineOffset: 2,
          borderRadius: 4,
        }}
      >
        {!tree && <div style={{ padding: 16, color: themeColor.muted }}>No profile to show.</div>}
        {/* The rows scroll natively: a scrollbar people see, and a plain wheel that scrolls the
          hidden rows and then the page. The canvas stays in view (sticky) and draws the rows
          the scroll position asks for; the spacer gives the scroll its length. */}
        <div
          ref={scroller}
          tabIndex={-1}
          data-flamekit="graph-scroller"
          onScroll={pointer.onScroll}
          style={{
            display: tree ? 'block' : 'none',
            height,
            overflowX: 'hidden',
            overflowY: 'auto',
            // Vertical swipes scroll (the rows, then the page); horizontal drags pan the graph.
            touchAction: 'pan-y',
          }}
        >
          <canvas
            ref={canvasRef}
            {...pointer.handlers}
            style={{
              position: 'sticky',
              top: 0,
              display: 'block',
              width: size.width,
              height: size.height,
              cursor: pointer.hover ? 'pointer' : 'default',
            }}
          />
          <div aria-hidden style={{ height: Math.max(0, contentHeight - size.height) }} />
        </div>
        {hint && <WheelHint />}
        {hovered && !menu && tree && (
          <Tooltip
            summary={computeNodeSummary(tree, hovered.node, zoomNode)}
            unit={unit}
            samples={sampleCountOf(hovered.node)}
            x={hovered.x}
            y={hovered.y}
            containerWidth={size.width}
            extra={props.renderTooltip?.(nodeInfo(hovered.node))}
            totalLabel={props.totalLabel}
          />
        )}
        {menu && tree && (
          <ContextMenu
            label={`Actions for ${tree.name(menu.node)}`}
            items={menuItems(menu.node)}
            x={menu.x}
            y={menu.y}
            onClose={() => (setMenu(undefined), graphArea.current?.focus())}
          />
        )}
        <div id={`${label}-keys`} style={visuallyHidden}>
          Arrow keys move between frames: {orientation === 'flame' ? 'up' : 'down'} to the heaviest
          callee, {orientation === 'flame' ? 'down' : 'up'} to the caller, left and right to
          siblings. Enter zooms, Escape resets, Backspace goes back, slash searches, Shift F10 opens
          the menu.
        </div>
        <div aria-live="polite" data-flamekit="announcer" style={visuallyHidden}>
          {announcement}
        </div>
      </div>
      {props.footer}
    </div>
  );
}
