/**
 * The contracts of flamekit's insights: findings of the built-in rules, the text handed to a
 * language model, and the provider that streams its answer. Kept in one place so that the core
 * parts and the components agree on them.
 */

/** Runtimes the rules know; `'any'` for rules that hold everywhere. */
export type InsightRuntime = 'go' | 'java' | 'python' | 'node' | 'dotnet' | 'native' | 'any';

/** A frame quoted as evidence: its name and its values in the tree. */
export interface FindingFrame {
  name: string;
  self: number;
  total: number;
  /** `total` (or, for self-time rules, `self`) as a share of the root's total, 0..1. */
  share: number;
}

/** One finding of {@link analyzeProfile}. */
export interface Finding {
  /** Stable id of the rule, such as `'gc-pressure'` or `'regex-compilation'`. */
  rule: string;
  title: string;
  severity: 'info' | 'warning' | 'critical';
  /** Share of the total the finding is about, 0..1 (largest findings first). */
  share: number;
  /** The runtime the rule recognised, when it is specific to one. */
  runtime?: InsightRuntime;
  /** What was found, in a sentence or two, with the numbers. Plain text. */
  detail: string;
  /** What to try. Plain text. */
  suggestion: string;
  /** The frames the finding rests on, heaviest first (at most a handful). */
  evidence: FindingFrame[];
}

/** A message of a chat with a model. */
export interface ExplainMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** What a provider is asked: the conversation so far, the last message being the question. */
export interface ExplainRequest {
  messages: ExplainMessage[];
}

/**
 * A host's model behind one method: given the conversation, stream the answer's text in pieces
 * (Markdown). Cancelling `signal` must end the stream promptly. A failure is thrown as an error
 * whose message a person can act on (flamekit's own provider throws `FlamekitError`s); the panel
 * shows it.
 */
export interface ExplainProvider {
  /** Shown to people ("OpenAI-compatible: gpt-4.1-mini at api.example.com"). */
  readonly label: string;
  explain(request: ExplainRequest, signal?: AbortSignal): AsyncIterable<string>;
}
