import { useCallback, useRef, useState } from 'react';

/** A new value, or a function of the latest value to the new one (as React's `setState` takes). */
export type StateUpdate<T> = T | ((previous: T) => T);

/**
 * State a host may control (pass `value` and `onChange`) or leave to the component (pass
 * `defaultValue`, or nothing). Every piece of view state in flamekit goes through this.
 *
 * Changes compose: the setter takes a value or an updater function, and an updater applied twice
 * in one event sees the first change, in controlled use too, where the host's `value` prop only
 * catches up after the event. So a click that zooms and selects (two changes of one state object)
 * keeps both, with `onChange={setState}` as with no host at all. A host that refuses a change
 * (does not pass it back) has the value it keeps again from the next event on.
 */
export function useControllableState<T>(
  value: T | undefined,
  defaultValue: T,
  onChange?: (next: T) => void,
): [T, (next: StateUpdate<T>) => void] {
  const [own, setOwn] = useState<T>(defaultValue);
  const isControlled = value !== undefined;
  const current = isControlled ? value : own;
  const rendered = useRef(current);
  rendered.current = current;
  // The value set during the current event, before React (or the host) renders it.
  const pending = useRef<{ value: T } | undefined>(undefined);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const set = useCallback(
    (next: StateUpdate<T>) => {
      const base = pending.current ? pending.current.value : rendered.current;
      const resolved =
        typeof next === 'function' ? (next as (previous: T) => T)(base) : (next as T);
      if (!pending.current) queueMicrotask(() => (pending.current = undefined));
      pending.current = { value: resolved };
      if (!isControlled) setOwn(resolved);
      onChangeRef.current?.(resolved);
    },
    [isControlled],
  );
  return [current, set];
}
