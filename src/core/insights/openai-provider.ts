/**
 * An {@link ExplainProvider} for any endpoint that speaks OpenAI's chat-completions protocol:
 * OpenAI itself, Azure-style proxies, Ollama, vLLM, llama.cpp's server, LM Studio. It streams the
 * answer (`stream: true`, server-sent events whose `choices[0].delta.content` carry the text).
 *
 * It needs only the standard `fetch`, so it runs in browsers, workers and Node 18+. In a browser
 * the API key is visible to the page's users: point `url` at a proxy that adds the key instead.
 */
import { FlamekitError } from '../errors';
import { Exchange, readText } from './exchange';
import { createRedactor, type Redactor } from './redact';
import { readServerSentEvents, type ByteChunkReader } from './sse';
import type { ExplainMessage, ExplainProvider, ExplainRequest } from './types';

/** The part of `fetch` the provider calls. The global `fetch` of browsers and Node fits. */
export type FetchFunction = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<{
  ok: boolean;
  status: number;
  statusText: string;
  headers: { get(name: string): string | null };
  body: { getReader(): ByteChunkReader & { cancel(reason?: unknown): Promise<void> } } | null;
  text(): Promise<string>;
}>;

export interface OpenAIProviderOptions {
  /**
   * Base URL such as `https://api.openai.com/v1` or `http://127.0.0.1:11434/v1`;
   * `/chat/completions` is appended unless the URL already ends with it.
   */
  url: string;
  /** Sent as `Authorization: Bearer <apiKey>`; never logged nor put in error messages. */
  apiKey?: string;
  model: string;
  /** Extra request headers (a proxy's own, for instance). */
  headers?: Record<string, string>;
  temperature?: number;
  /** Sent as `max_tokens`. */
  maxTokens?: number;
  /** Default: `globalThis.fetch`, looked up at each request. */
  fetch?: FetchFunction;
  /** Give up if no byte arrives for this long, waiting for the headers included (default 60 s). */
  idleTimeoutMs?: number;
  /**
   * Give up if the whole answer takes longer than this (default 10 minutes), however steadily
   * bytes arrive: a server that only sends keep-alive comments would otherwise never time out.
   */
  timeoutMs?: number;
}

const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
const DEFAULT_TIMEOUT_MS = 600_000;
/** Of an error body only the first few hundred characters are shown: no need to read more. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;
/** A whole (not streamed) completion larger than this is not an answer to show. */
const MAX_JSON_ANSWER_BYTES = 16 * 1024 * 1024;
const MAX_ERROR_DETAIL = 300;
const CHAT_COMPLETIONS = '/chat/completions';

/**
 * A provider that posts `{model, messages, stream: true, temperature?, max_tokens?}` and yields
 * each non-empty piece of the answer as it arrives.
 *
 * Failures are `FlamekitError`s with code `network-error` whose message names the endpoint
 * (without credentials or query) and what to do: an HTTP error status (with the server's own
 * message), an unreachable server, an `error` inside the stream, a stream that ends before
 * `[DONE]` or a `finish_reason`, `idleTimeoutMs` without a byte, or `timeoutMs` in all. A chunk
 * that is not JSON, an event-stream line over 1 MiB or an event over 4 MiB (see
 * `MAX_SSE_EVENT_LENGTH`) is a `parse-error`. No message, and no cause under one, holds the
 * API key, the URL's credentials or query values, or the extra headers' values, whatever the
 * server echoed: they read `***`. Cancelling the signal closes the connection and the iteration throws the
 * signal's `reason` unchanged: a `DOMException` named `AbortError` unless the caller gave another.
 * Stopping the iteration early (`break`) closes the connection too.
 *
 * @throws FlamekitError `invalid-argument` for a blank `url` or `model`, or a bad `idleTimeoutMs`
 * or `timeoutMs`.
 */
export function createOpenAIProvider(options: OpenAIProviderOptions): ExplainProvider {
  const {
    url,
    model,
    idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS,
    timeoutMs = DEFAULT_TIMEOUT_MS,
  } = options;
  if (url.trim() === '' || model.trim() === '') {
    throw new FlamekitError('invalid-argument', 'the provider needs a url and a model');
  }
  if (!(idleTimeoutMs > 0)) {
    throw new FlamekitError('invalid-argument', `idleTimeoutMs must be > 0, not ${idleTimeoutMs}`);
  }
  if (!(timeoutMs > 0)) {
    throw new FlamekitError('invalid-argument', `timeoutMs must be > 0, not ${timeoutMs}`);
  }
  // The route goes before a query such as Azure's `?api-version=...`.
  const [, path, query] = /^([^?#]*)(.*)$/s.exec(url.trim()) ?? ['', url, ''];
  const base = path.replace(/\/+$/, '');
  const endpoint = (base.endsWith(CHAT_COMPLETIONS) ? base : base + CHAT_COMPLETIONS) + query;
  const shown = endpoint.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, '$1').replace(/[?#].*$/, '');
  const host = /^[a-z][a-z0-9+.-]*:\/\/([^/]+)/i.exec(shown)?.[1] ?? shown;
  const redactor = createRedactor(url, options.apiKey, options.headers);
  const settings: Settings = { ...options, idleTimeoutMs, timeoutMs, endpoint, shown };
  return {
    label: redactor.text(`OpenAI-compatible: ${model} at ${host}`),
    explain: (request, signal) => redacted(streamAnswer(settings, request, signal), redactor),
  };
}

/** The answer's pieces as they come; whatever it throws, with the secrets taken out. */
async function* redacted(
  answer: AsyncGenerator<string, void, undefined>,
  redactor: Redactor,
): AsyncGenerator<string, void, undefined> {
  try {
    yield* answer;
  } catch (error) {
    throw redactor.error(error);
  }
}

interface Settings extends OpenAIProviderOptions {
  idleTimeoutMs: number;
  timeoutMs: number;
  endpoint: string;
  /** The endpoint as error messages show it. */
  shown: string;
}

async function* streamAnswer(
  settings: Settings,
  request: ExplainRequest,
  signal: AbortSignal | undefined,
): AsyncGenerator<string, void, undefined> {
  if (signal?.aborted) throw signal.reason;
  const fetchFunction = settings.fetch ?? (globalThis as { fetch?: FetchFunction }).fetch;
  if (fetchFunction === undefined) {
    throw new FlamekitError('invalid-argument', 'this runtime has no fetch: pass options.fetch');
  }
  const exchange = new Exchange(settings, signal);
  let finished = false;
  try {
    const response = await exchange
      .race(fetchFunction(settings.endpoint, composeRequest(settings, request.messages, exchange)))
      .catch((error: unknown) => {
        throw exchange.failure(error, unreachable(settings.shown, error));
      });
    exchange.touch();
    if (!response.ok) throw await describeStatus(settings, response, exchange);
    if (response.body === null) throw brokeOff(settings.shown, 'the response has no body');
    const jsonAnswer = response.headers.get('content-type')?.includes('application/json');
    try {
      // A server that ignores `stream: true` answers with one JSON completion.
      if (jsonAnswer) {
        const text = await readText(response, MAX_JSON_ANSWER_BYTES, exchange);
        if (text === undefined)
          throw brokeOff(
            settings.shown,
            `the answer is larger than ${MAX_JSON_ANSWER_BYTES} bytes`,
          );
        const { content } = readPiece(parseJson(text, settings.shown), 'message', settings.shown);
        finished = true;
        if (content) yield content;
        return;
      }
      const reader = response.body.getReader();
      exchange.reader = reader;
      const chunks: ByteChunkReader = {
        read: () => exchange.race(reader.read()).then((result) => (exchange.touch(), result)),
      };
      for await (const event of readServerSentEvents(chunks)) {
        if (exchange.stopped) break;
        if (event.data === '[DONE]') {
          finished = true;
          return;
        }
        const piece = readPiece(
          parseJson(event.data, settings.shown, event.type),
          'delta',
          settings.shown,
        );
        if (piece.finished) finished = true;
        if (!piece.content) continue;
        // The consumer may take its time with a piece; that is no silence of the server's.
        exchange.pauseIdleTimer();
        yield piece.content;
        exchange.touch();
      }
    } catch (error) {
      throw exchange.failure(error, brokeOff(settings.shown, describeCause(error)));
    }
    if (exchange.stopped) throw exchange.failure(undefined, brokeOff(settings.shown, 'cancelled'));
    if (!finished) throw brokeOff(settings.shown, 'the stream ended before [DONE]');
  } finally {
    exchange.close();
  }
}

function composeRequest(settings: Settings, messages: ExplainMessage[], exchange: Exchange) {
  const { model, apiKey, temperature, maxTokens } = settings;
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Accept: 'text/event-stream',
    ...settings.headers,
  };
  if (apiKey) headers.Authorization = `Bearer ${apiKey}`;
  const body = JSON.stringify({
    model,
    messages: messages.map(({ role, content }) => ({ role, content })),
    stream: true,
    ...(temperature !== undefined && { temperature }),
    ...(maxTokens !== undefined && { max_tokens: maxTokens }),
  });
  return { method: 'POST' as const, headers, body, signal: exchange.signal };
}

/** The text of one chunk (`delta`) or of a whole completion (`message`), or the error it carries. */
function readPiece(
  parsed: unknown,
  field: 'delta' | 'message',
  shown: string,
): { content: string | undefined; finished: boolean } {
  const detail = errorDetail(parsed);
  if (detail !== undefined) {
    throw new FlamekitError(
      'network-error',
      `the model endpoint at ${shown} reported an error: ${detail}`,
    );
  }
  const choices = isRecord(parsed) && Array.isArray(parsed.choices) ? parsed.choices : [];
  const choice: unknown = choices.find((c) => isRecord(c) && c.index === 0) ?? choices[0];
  if (!isRecord(choice)) return { content: undefined, finished: false };
  const part = choice[field];
  const content = isRecord(part) && typeof part.content === 'string' ? part.content : undefined;
  const reason = choice.finish_reason;
  return { content, finished: typeof reason === 'string' && reason !== '' };
}

function parseJson(data: string, shown: string, eventType = 'message'): unknown {
  try {
    const parsed: unknown = JSON.parse(data);
    // A few servers mark errors with `event: error` rather than an `error` member.
    return eventType === 'error' && !isRecord(parsed) ? { error: String(parsed) } : parsed;
  } catch {
    if (eventType === 'error') return { error: data };
    throw new FlamekitError(
      'parse-error',
      `the model endpoint at ${shown} sent a chunk that is not JSON: ${truncate(data, 80)}`,
    );
  }
}

async function describeStatus(
  settings: Settings,
  response: Awaited<ReturnType<FetchFunction>>,
  exchange: Exchange,
): Promise<unknown> {
  const { status } = response;
  let body = '';
  try {
    body = (await readText(response, MAX_ERROR_BODY_BYTES, exchange, true)) ?? '';
  } catch (error) {
    if (exchange.stopped) return exchange.failure(error, brokeOff(settings.shown, 'cancelled'));
  }
  let detail: string | undefined;
  try {
    detail = errorDetail(JSON.parse(body));
  } catch {
    // Not JSON: a proxy's text or HTML page.
  }
  detail = truncate((detail ?? body.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim());
  // HTTP/2 has no status text: then the number alone.
  const statusLine = `${status} ${response.statusText}`.trim();
  return new FlamekitError(
    'network-error',
    `the model endpoint at ${settings.shown} answered ${statusLine}${detail ? `: ${detail}` : ''}; ${advice(status, settings)}`,
  );
}

function advice(status: number, { apiKey, model }: Settings): string {
  if (status === 401) return apiKey ? 'check the API key' : 'no API key was given; pass apiKey';
  if (status === 403) return `check that the API key may use the model "${model}"`;
  if (status === 404) return `check the URL (it usually ends in /v1) and the model "${model}"`;
  if (status === 429) return 'rate limit or quota reached; wait and try again, or check the quota';
  if (status >= 500) return 'the server failed; try again later';
  if (status >= 400) return `check the model "${model}" and the request options`;
  return 'the endpoint did not accept the request';
}

/** The message of an OpenAI-style error body: `{error: {message}}`, `{error: "..."}`. */
function errorDetail(parsed: unknown): string | undefined {
  if (!isRecord(parsed) || parsed.error === undefined || parsed.error === null) return undefined;
  const { error } = parsed;
  if (typeof error === 'string') return error;
  if (isRecord(error) && typeof error.message === 'string') return error.message;
  return truncate(JSON.stringify(error));
}

function unreachable(shown: string, error: unknown): FlamekitError {
  return new FlamekitError(
    'network-error',
    `could not reach the model endpoint at ${shown} (${describeCause(error)}); check the URL, that the server is running and, in a browser, that it allows this page's origin (CORS)`,
    { cause: error },
  );
}

function brokeOff(shown: string, why: string): FlamekitError {
  return new FlamekitError(
    'network-error',
    `the answer from the model endpoint at ${shown} broke off (${why}); try again`,
  );
}

/** "fetch failed: connect ECONNREFUSED 127.0.0.1:9": an error and the cause Node puts under it. */
function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
}

function truncate(text: string, length = MAX_ERROR_DETAIL): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
