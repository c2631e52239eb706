import { useCallback, useMemo, useState, type CSSProperties } from 'react';
import { analyzeProfile } from '../core/insights/analyze';
import { buildExplainMessages } from '../core/insights/explain-prompt';
import { summarizeProfile } from '../core/insights/summarize';
import type { ExplainMessage, ExplainProvider, Finding } from '../core/insights/types';
import type { CallTree } from '../core/index';
import { Markdown } from './Markdown';
import { buttonStyle, rootStyle, themeColor } from './styles';
import { themedRootProps, useResolvedTheme, type ThemedProps } from './use-theme';
import { useExplainConversation, type ExplainTurn } from './use-explain-conversation';

export interface ExplainPanelProps extends ThemedProps {
  tree: CallTree;
  /** Unit of the tree's values, for the numbers in findings and in what the model is sent. */
  unit: string;
  /**
   * The host's model. Without one the panel shows the built-in findings only and sends nothing
   * anywhere: flamekit makes no network request of its own.
   */
  provider?: ExplainProvider;
  /** Findings to show; default `analyzeProfile(tree, { unit })`. */
  findings?: readonly Finding[];
  /** Such as "cpu" or "inuse_space", for the model. */
  profileType?: string;
  /** Most characters of the profile summary sent to the model (default 6,000). */
  summaryLimit?: number;
}

/**
 * Insights on a flame graph: the built-in findings at once (no network), and with a provider an
 * "Explain flame graph" button that streams the model's answer as Markdown rendered safely, with
 * follow-up questions, retry and cancel. What is sent is the deterministic summary of
 * `summarizeProfile` (hot paths and top functions with their numbers) and the findings.
 */
export function ExplainPanel(props: ExplainPanelProps) {
  const { tree, unit, provider, profileType, summaryLimit = 6000 } = props;
  const theme = useResolvedTheme(props.theme);
  const findings = useMemo(
    () => props.findings ?? analyzeProfile(tree, { unit }),
    [props.findings, tree, unit],
  );
  const summary = useMemo(
    () => summarizeProfile(tree, { unit, maxChars: summaryLimit }),
    [tree, unit, summaryLimit],
  );
  const messagesFor = useCallback(
    (followUp?: { history: ExplainMessage[]; question: string }) =>
      buildExplainMessages(
        {
          unit,
          summary,
          findings,
          isDiff: tree.baselineTotal !== undefined,
          ...(profileType !== undefined && { profileType }),
        },
        followUp,
      ),
    [unit, summary, findings, tree, profileType],
  );
  const conversation = useExplainConversation(provider, messagesFor);
  const [question, setQuestion] = useState('');

  return (
    <section
      data-flamekit="explain-panel"
      aria-label="Flame graph insights"
      {...themedRootProps(theme, props, { ...rootStyle, gap: 10 })}
    >
      <h2 style={titleStyle}>Findings</h2>
      <FindingList findings={findings} unit={unit} />
      <h2 style={titleStyle}>Explanation</h2>
      {!provider && (
        <p style={mutedStyle}>
          No model is connected: the host can pass an ExplainProvider to explain the graph.
        </p>
      )}
      {provider && conversation.turns.length === 0 && (
        <div>
          <button type="button" style={buttonStyle} onClick={() => void conversation.start()}>
            Explain flame graph
          </button>{' '}
          <span style={mutedStyle}>Sends a summary of this profile to {provider.label}.</span>
        </div>
      )}
      {conversation.turns.map((turn, k) => (
        <Turn
          key={k}
          turn={turn}
          isLast={k === conversation.turns.length - 1}
          onCancel={conversation.cancel}
          onRetry={conversation.retry}
        />
      ))}
      {provider && conversation.turns.length > 0 && !conversation.streaming && (
        <form
          aria-label="Ask a follow-up question"
          style={{ display: 'flex', gap: 6 }}
          onSubmit={(event) => {
            event.preventDefault();
            if (!question.trim()) return;
            void conversation.ask(question.trim());
            setQuestion('');
          }}
        >
          <input
            aria-label="Follow-up question"
            placeholder="Ask a follow-up question"
            value={question}
            onChange={(event) => setQuestion(event.target.value)}
            style={{ flex: 1, font: 'inherit' }}
          />
          <button type="submit" style={buttonStyle}>
            Ask
          </button>
          <button type="button" style={buttonStyle} onClick={conversation.reset}>
            Start over
          </button>
        </form>
      )}
    </section>
  );
}

function FindingList({ findings, unit }: { findings: readonly Finding[]; unit: string }) {
  if (findings.length === 0)
    return (
      <p style={mutedStyle}>No built-in rule found a cause holding 5 % or more of the total.</p>
    );
  return (
    <ul style={{ margin: 0, paddingLeft: 18, display: 'grid', gap: 8 }} aria-label="Findings">
      {findings.map((finding) => (
        <li key={`${finding.rule}:${finding.title}`} data-rule={finding.rule}>
          <strong>{finding.title}</strong>{' '}
          <span style={badgeStyle(finding.severity)}>{finding.severity}</span>
          <div>{finding.detail}</div>
          <div>
            <em>Try:</em> {finding.suggestion}
          </div>
          {finding.evidence.length > 0 && (
            <details>
              <summary>Evidence ({unit})</summary>
              <ul style={{ margin: 0 }}>
                {finding.evidence.map((frame) => (
                  <li key={frame.name}>
                    <code>{frame.name}</code> {(frame.share * 100).toFixed(1)} %
                  </li>
                ))}
              </ul>
            </details>
          )}
        </li>
      ))}
    </ul>
  );
}

function Turn(props: {
  turn: ExplainTurn;
  isLast: boolean;
  onCancel: () => void;
  onRetry: () => void;
}) {
  const { turn, isLast } = props;
  return (
    <div data-flamekit="explain-turn" style={{ display: 'grid', gap: 4 }}>
      {turn.question !== undefined && (
        <p style={{ margin: 0 }}>
          <strong>You:</strong> {turn.question}
        </p>
      )}
      <div aria-live="polite" aria-busy={turn.status === 'streaming'}>
        <Markdown text={turn.answer} />
      </div>
      {turn.status === 'streaming' && (
        <div role="status">
          Explaining…{' '}
          <button type="button" style={buttonStyle} onClick={props.onCancel}>
            Cancel
          </button>
        </div>
      )}
      {turn.status === 'cancelled' && <p style={mutedStyle}>Cancelled.</p>}
      {turn.status === 'error' && (
        <div role="alert" style={{ color: themeColor.error }}>
          {turn.error}
        </div>
      )}
      {isLast && (turn.status === 'error' || turn.status === 'cancelled') && (
        <div>
          <button type="button" style={buttonStyle} onClick={props.onRetry}>
            Retry
          </button>
        </div>
      )}
    </div>
  );
}

const titleStyle: CSSProperties = { fontSize: 14, margin: 0 };
const mutedStyle: CSSProperties = { margin: 0, color: themeColor.muted };
const badgeStyle = (severity: Finding['severity']): CSSProperties => ({
  fontSize: 11,
  padding: '0 4px',
  borderRadius: 3,
  border: '1px solid currentColor',
  color: severity === 'critical' ? themeColor.error : themeColor.muted,
});
