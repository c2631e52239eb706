import { cleanup, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { computeSearch, importProfile, type CallTree } from '../../src/core';
import { useSearchWarmUp } from '../../src/react/use-search-warm-up';

/** A tree of `leaves` leaves under 100 middle frames: about `leaves` + 102 nodes. */
function treeOf(leaves: number): CallTree {
  const lines = Array.from({ length: leaves }, (_, i) => `main;mid${i % 100};leaf${i} 1`);
  return importProfile(lines.join('\n')).tree();
}
const large = treeOf(50_000);
const small = treeOf(1_000);

/** requestIdleCallback stubbed: the callbacks it was given, run when the test says. */
function stubIdle() {
  const waiting = new Map<number, () => void>();
  let next = 1;
  vi.stubGlobal(
    'requestIdleCallback',
    vi.fn((callback: () => void) => {
      waiting.set(next, callback);
      return next++;
    }),
  );
  vi.stubGlobal(
    'cancelIdleCallback',
    vi.fn((handle: number) => waiting.delete(handle)),
  );
  return waiting;
}

afterEach(() => {
  cleanup(); // unmounted while the stubs are still there
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('useSearchWarmUp', () => {
  it('searches a large tree once in idle time, again for a new tree, and leaves its search as it was', () => {
    const before = computeSearch(large, { text: 'leaf12', mode: 'substring' });
    const waiting = stubIdle();
    const { rerender } = renderHook(({ tree }) => useSearchWarmUp(tree, false), {
      initialProps: { tree: large },
    });
    expect(waiting.size).toBe(1);
    rerender({ tree: large });
    expect(requestIdleCallback).toHaveBeenCalledTimes(1);
    for (const run of waiting.values()) run();
    const after = computeSearch(large, { text: 'leaf12', mode: 'substring' });
    expect([after.matchCount, after.matchedTotal, [...after.matchOrder]]).toEqual([
      before.matchCount,
      before.matchedTotal,
      [...before.matchOrder],
    ]);
    const other = treeOf(50_001);
    rerender({ tree: other });
    expect(requestIdleCallback).toHaveBeenCalledTimes(2);
  });

  it('leaves small trees alone, and trees already searched', () => {
    const waiting = stubIdle();
    renderHook(() => useSearchWarmUp(small, false));
    renderHook(() => useSearchWarmUp(large, true));
    renderHook(() => useSearchWarmUp(undefined, false));
    expect(waiting.size).toBe(0);
  });

  it('forgets the search when the graph goes before the page is idle', () => {
    const waiting = stubIdle();
    const { unmount } = renderHook(() => useSearchWarmUp(large, false));
    expect(waiting.size).toBe(1);
    unmount();
    expect(cancelIdleCallback).toHaveBeenCalledTimes(1);
    expect(waiting.size).toBe(0);
  });

  it('waits half a second where there is no requestIdleCallback (Safari)', () => {
    vi.stubGlobal('requestIdleCallback', undefined);
    vi.useFakeTimers();
    const timers = vi.getTimerCount();
    renderHook(() => useSearchWarmUp(large, false));
    expect(vi.getTimerCount()).toBe(timers + 1);
    vi.advanceTimersByTime(500);
    expect(vi.getTimerCount()).toBe(timers);
  });
});
