import { FlamekitError, isFlamekitError } from '../errors';
import type { ByteChunkReader } from './sse';

/** What an exchange needs of the provider's settings. */
export interface ExchangeSettings {
  idleTimeoutMs: number;
  timeoutMs: number;
  /** The endpoint as error messages show it. */
  shown: string;
}

/**
 * One request's lifetime: its own abort controller (so that the idle timer can abort too),
 * the caller's signal linked to it, and the reader to cancel when it stops.
 */
export class Exchange {
  reader: { cancel(reason?: unknown): Promise<void> } | undefined;
  private readonly controller = new AbortController();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly totalTimer: ReturnType<typeof setTimeout>;
  /** Set when a timer (idle or total) stopped the exchange: what to throw. */
  private idleError: FlamekitError | undefined;
  private readonly onCallerAbort = () => this.stop(this.callerSignal?.reason);

  constructor(
    private readonly settings: ExchangeSettings,
    private readonly callerSignal: AbortSignal | undefined,
  ) {
    callerSignal?.addEventListener('abort', this.onCallerAbort, { once: true });
    this.touch();
    this.totalTimer = setTimeout(() => {
      const { timeoutMs, shown } = this.settings;
      this.idleError = new FlamekitError(
        'network-error',
        `the model endpoint at ${shown} did not finish its answer in ${describeWait(timeoutMs)}; try again, or raise timeoutMs for a slow model`,
      );
      this.stop(this.idleError);
    }, this.settings.timeoutMs);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get stopped(): boolean {
    return this.controller.signal.aborted;
  }

  pauseIdleTimer(): void {
    clearTimeout(this.idleTimer);
  }

  /** Bytes arrived: restart the idle timer. */
  touch(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      const { idleTimeoutMs, shown } = this.settings;
      this.idleError = new FlamekitError(
        'network-error',
        `the model endpoint at ${shown} sent nothing for ${describeWait(idleTimeoutMs)}; it may be overloaded, or the URL may not be a chat-completions endpoint`,
      );
      this.stop(this.idleError);
    }, this.settings.idleTimeoutMs);
  }

  /** Settles with `work`, or rejects as soon as the exchange stops, whatever `work` does. */
  race<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const signal = this.controller.signal;
      const onAbort = () => reject(signal.reason);
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
      work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  /** The error to throw: the caller's abort reason, the idle timeout, a FlamekitError, or `fallback`. */
  failure(error: unknown, fallback: FlamekitError): unknown {
    if (this.callerSignal?.aborted) return this.callerSignal.reason;
    if (this.idleError) return this.idleError;
    return isFlamekitError(error) ? error : fallback;
  }

  /**
   * Ends the exchange. Aborting is harmless once the body has been read, and closes the
   * connection when it has not (a `break`, an error, or bytes after `[DONE]`).
   */
  close(): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.totalTimer);
    this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
    this.stop(undefined);
  }

  private stop(reason: unknown): void {
    if (this.stopped) return;
    this.controller.abort(reason);
    // For a fetch that ignores its signal: cancelling the reader ends the body all the same.
    this.reader?.cancel(reason).catch(() => undefined);
  }
}

function describeWait(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}

/**
 * A response body as text, reading no more than `limit` bytes: the first `limit` when
 * `keepStart`, else undefined for a longer body. A server's error page or completion can be as
 * large as it likes; `response.text()` would hold all of it.
 */
export async function readText(
  response: {
    body: { getReader(): ByteChunkReader & { cancel(reason?: unknown): Promise<void> } } | null;
    text(): Promise<string>;
  },
  limit: number,
  exchange: Exchange,
  keepStart = false,
): Promise<string | undefined> {
  if (response.body === null) return exchange.race(response.text());
  const reader = response.body.getReader();
  const decoder = new TextDecoder('utf-8');
  let text = '';
  let size = 0;
  for (;;) {
    const { done, value } = await exchange.race(reader.read());
    if (done || value === undefined) break;
    exchange.touch();
    size += value.length;
    if (size > limit) {
      reader.cancel().catch(() => undefined);
      if (!keepStart) return undefined;
      text += decoder.decode(value.subarray(0, value.length - (size - limit)));
      break;
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}
