import { useCallback, useRef, useState } from 'react';

/**
 * State a host may control (pass `value` and `onChange`) or leave to the component (pass
 * `defaultValue`, or nothing). Every piece of view state in flamekit goes through this.
 */
export function useControllableState<T>(
  value: T | undefined,
  defaultValue: T,
  onChange?: (next: T) => void,
): [T, (next: T) => void] {
  const [own, setOwn] = useState<T>(defaultValue);
  const isControlled = value !== undefined;
  const current = isControlled ? value : own;
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const set = useCallback(
    (next: T) => {
      if (!isControlled) setOwn(next);
      onChangeRef.current?.(next);
    },
    [isControlled],
  );
  return [current, set];
}
