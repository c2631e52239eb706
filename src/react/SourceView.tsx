import { useEffect, useId, useMemo, useState, type CSSProperties, type ReactNode } from 'react';
import { formatValue } from '../core/index';
import type { LineCost, LineTable } from '../core/insights/line-table';
import { sourceUrls, type SourceProvider } from '../core/insights/source';
import {
  computeHotRange,
  FooterRow,
  headerCellStyle,
  hottestLine,
  SourceLineRow,
  splitSourceLines,
  ToggleLinesRow,
} from './source-view-parts';
import { rootStyle, themeColor, visuallyHidden } from './styles';
import { themedRootProps, useResolvedTheme, type ThemedProps } from './use-theme';

export interface SourceViewProps extends ThemedProps {
  /** The function's line costs, from `computeLineTable`. */
  table: LineTable;
  /** The text of `table.file`, when the host has it; `provider` is not asked then. */
  source?: string;
  /** Asked for the file when `source` is absent; the request is aborted on unmount or change. */
  provider?: SourceProvider;
  /** Lines shown around the hot range before expanding. Default 5. */
  contextLines?: number;
}

/** The state of a fetch, with the table and provider it was for. */
type Fetched = { table: LineTable; provider: SourceProvider } & (
  | { status: 'loading' }
  | { status: 'done'; text: string | undefined }
  | { status: 'error'; message: string }
);

/**
 * A function's source annotated with the cost of each line: line number, self, total and a heat
 * bar (the line's share of the function's total), as pprof's `list` and Pyroscope's function
 * details show it. The hot range (first to last line with a cost, widened by `contextLines`) is
 * open; the lines above and below fold behind buttons. Without source text the table lists the
 * lines with a cost alone. Code is rendered as text, never as HTML.
 *
 * The source is `source`, else what `provider` returns for the table's file (flamekit fetches
 * nothing itself). Links go to the repository at the hottest line when `sourceUrls` knows its host.
 */
export function SourceView(props: SourceViewProps) {
  const { table, source, provider, contextLines = 5 } = props;
  const theme = useResolvedTheme(props.theme);
  const captionId = useId();
  const fetched = useFetchedSource(table, source, provider);
  const text = source ?? (fetched?.status === 'done' ? fetched.text : undefined);
  const sourceLines = useMemo(
    () => (text === undefined ? undefined : splitSourceLines(text)),
    [text],
  );
  const [expanded, setExpanded] = useState({ table, above: false, below: false });
  const open = expanded.table === table ? expanded : { table, above: false, below: false };

  const costByLine = useMemo(() => new Map(table.lines.map((cost) => [cost.line, cost])), [table]);
  const hottest = hottestLine(table);
  const urls =
    table.repository && table.file !== undefined
      ? sourceUrls(table.repository, table.file, hottest)
      : undefined;
  const unit = table.unit;
  const showCode = sourceLines !== undefined;
  const columnCount = showCode ? 5 : 4;

  let body: ReactNode;
  if (sourceLines) {
    const lastCost = table.lines.length > 0 ? table.lines[table.lines.length - 1].line : 0;
    const lineCount = Math.max(sourceLines.length, lastCost);
    const range = computeHotRange(table, lineCount, contextLines);
    const first = open.above ? 1 : range.first;
    const last = open.below ? lineCount : range.last;
    const rows: ReactNode[] = [];
    for (let line = first; line <= last; line++) {
      rows.push(
        <SourceLineRow
          key={line}
          line={line}
          cost={costByLine.get(line)}
          code={sourceLines[line - 1]}
          showCode
          functionTotal={table.total}
          unit={unit}
        />,
      );
    }
    const toggle = (where: 'above' | 'below') => setExpanded({ ...open, [where]: !open[where] });
    body = (
      <>
        {range.first > 1 && (
          <ToggleLinesRow
            count={range.first - 1}
            where="above"
            expanded={open.above}
            onToggle={() => toggle('above')}
            columnCount={columnCount}
          />
        )}
        {rows}
        {range.last < lineCount && (
          <ToggleLinesRow
            count={lineCount - range.last}
            where="below"
            expanded={open.below}
            onToggle={() => toggle('below')}
            columnCount={columnCount}
          />
        )}
      </>
    );
  } else {
    body = table.lines.map((cost: LineCost) => (
      <SourceLineRow
        key={cost.line}
        line={cost.line}
        cost={cost}
        code={undefined}
        showCode={false}
        functionTotal={table.total}
        unit={unit}
      />
    ));
  }

  const hasUnknown =
    table.granularity === 'line' && (table.unknownLine.self !== 0 || table.unknownLine.total !== 0);
  return (
    <section
      data-flamekit="source-view"
      aria-labelledby={captionId}
      {...themedRootProps(theme, props, { ...rootStyle, gap: 8 })}
    >
      <div style={{ display: 'grid', gap: 2 }}>
        <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap', alignItems: 'baseline' }}>
          <strong style={{ overflowWrap: 'anywhere' }}>{table.functionName}</strong>
          <span>
            Self {formatValue(table.self, unit)} · Total {formatValue(table.total, unit)}
          </span>
          {urls && (
            <a
              href={urls.blob}
              target="_blank"
              rel="noopener noreferrer"
              style={{ color: themeColor.accent }}
            >
              View in repository{hottest !== undefined ? ` at line ${hottest}` : ''}
            </a>
          )}
        </div>
        <div style={mutedStyle}>
          {table.file ?? 'File unknown'}
          {table.startLine !== undefined && `, starts at line ${table.startLine}`}
          {table.otherFiles &&
            ` (the heaviest of ${table.otherFiles.length + 1} files with a function of this name)`}
        </div>
        {table.granularity === 'function' && (
          <p style={{ ...mutedStyle, margin: 0 }}>
            This profile has no costs per line: import the pprof with granularity “line” to see
            them.
          </p>
        )}
        {fetched?.status === 'loading' && (
          <div role="status" style={mutedStyle}>
            Loading source…
          </div>
        )}
        {fetched?.status === 'error' && (
          <div role="alert" style={{ color: themeColor.error }}>
            Could not load the source: {fetched.message}
          </div>
        )}
        {fetched?.status === 'done' && fetched.text === undefined && (
          <div style={mutedStyle}>The source of this file is not available.</div>
        )}
      </div>
      <div
        style={{
          overflow: 'auto',
          border: `1px solid ${themeColor.border}`,
          borderRadius: 6,
          // The numbers alone need no full width; code does.
          alignSelf: showCode ? 'stretch' : 'flex-start',
          maxWidth: '100%',
        }}
      >
        <table
          style={{ borderCollapse: 'collapse', width: showCode ? '100%' : undefined, fontSize: 12 }}
        >
          <caption id={captionId} style={visuallyHidden}>
            Cost per line of {table.functionName}
            {table.file !== undefined ? ` in ${table.file}` : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col" style={headerCellStyle}>
                Line
              </th>
              <th scope="col" style={headerCellStyle}>
                Self
              </th>
              <th scope="col" style={headerCellStyle}>
                Total
              </th>
              <th scope="col" style={headerCellStyle}>
                Share
              </th>
              {showCode && (
                <th scope="col" style={{ ...headerCellStyle, textAlign: 'left' }}>
                  Code
                </th>
              )}
            </tr>
          </thead>
          <tbody>{body}</tbody>
          <tfoot>
            {hasUnknown && (
              <FooterRow
                label="Line unknown"
                cost={table.unknownLine}
                unit={unit}
                columnCount={columnCount}
              />
            )}
            <FooterRow label="Function" cost={table} unit={unit} columnCount={columnCount} />
          </tfoot>
        </table>
      </div>
    </section>
  );
}

const mutedStyle: CSSProperties = { color: themeColor.muted, overflowWrap: 'anywhere' };

/**
 * The provider's text for the table's file while `source` is absent: undefined when there is
 * nothing to fetch. Each table or provider change aborts the request before it and starts anew.
 */
function useFetchedSource(
  table: LineTable,
  source: string | undefined,
  provider: SourceProvider | undefined,
): Fetched | undefined {
  const [fetched, setFetched] = useState<Fetched | undefined>(undefined);
  const file = table.file;
  const wanted = source === undefined && provider !== undefined && file !== undefined;
  useEffect(() => {
    if (!wanted) return;
    const controller = new AbortController();
    const request = {
      file: file!,
      functionName: table.functionName,
      ...(table.repository && { repository: table.repository }),
    };
    const asker = provider!;
    let promise: Promise<string | undefined>;
    try {
      promise = asker.fetchSource(request, controller.signal);
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise.then(
      (text) => {
        if (!controller.signal.aborted)
          setFetched({
            status: 'done',
            table,
            provider: asker,
            text: typeof text === 'string' ? text : undefined,
          });
      },
      (error: unknown) => {
        if (!controller.signal.aborted)
          setFetched({ status: 'error', table, provider: asker, message: messageOf(error) });
      },
    );
    return () => controller.abort();
  }, [wanted, file, table, provider]);
  if (!wanted) return undefined;
  // Until the answer for this table and provider arrives, an older one is stale.
  return fetched && fetched.table === table && fetched.provider === provider
    ? fetched
    : { status: 'loading', table, provider: provider! };
}

function messageOf(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return typeof error === 'string' && error ? error : 'the source provider failed';
}
