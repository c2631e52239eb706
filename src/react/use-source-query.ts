import { useEffect, useReducer, useRef, useState } from 'react';
import { isFlamekitError } from '../core/index';

/** Where a query stands; the last answer stays while the next one loads, to show in place. */
export interface SourceQueryState<T> {
  /** The latest answer, of this query or of the one before it while this one loads. */
  value: T | undefined;
  /** The key the value answers, to tell a fresh answer from a stale one. */
  valueKey: string | undefined;
  loading: boolean;
  /** The failure of this query, in words; cleared by the next answer. */
  error: string | undefined;
  /** Asks again (after an error). */
  retry(): void;
}

/**
 * Runs `run` whenever `key` changes (undefined: nothing to ask), cancelling the run before it:
 * its signal is aborted, so a source drops the request and its late answer is never shown. A
 * flamekit error becomes a message for the page; cancelling is not an error; anything else is a
 * bug and is thrown at render.
 */
export function useSourceQuery<T>(
  key: string | undefined,
  run: (signal: AbortSignal) => Promise<T>,
): SourceQueryState<T> {
  const latest = useRef(run);
  useEffect(() => {
    latest.current = run;
  });
  const [attempt, retry] = useReducer((n: number) => n + 1, 0);
  const [state, setState] = useState<{
    value: T | undefined;
    valueKey: string | undefined;
    error: string | undefined;
    /** `attempt:key` of the run that answered last, value or error. */
    settled: string | undefined;
    bug?: unknown;
  }>({ value: undefined, valueKey: undefined, error: undefined, settled: undefined });

  useEffect(() => {
    if (key === undefined) return;
    const token = `${attempt}:${key}`;
    const controller = new AbortController();
    let promise: Promise<T>;
    try {
      promise = latest.current(controller.signal);
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise.then(
      (value) => {
        if (!controller.signal.aborted)
          setState({ value, valueKey: key, error: undefined, settled: token });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState((old) =>
          isFlamekitError(error)
            ? { ...old, error: error.message, settled: token }
            : { ...old, bug: error },
        );
      },
    );
    return () =>
      controller.abort(new DOMException('a newer query replaced this one', 'AbortError'));
  }, [key, attempt]);

  if (state.bug !== undefined) throw state.bug;
  const settled = state.settled === `${attempt}:${key}`;
  return {
    value: key === undefined ? undefined : state.value,
    valueKey: state.valueKey,
    loading: key !== undefined && !settled,
    error: settled ? state.error : undefined,
    retry,
  };
}
