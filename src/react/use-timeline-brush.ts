import { useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { TimeRange } from '../core/index';
import { computeStepRange, stepAtX, type TimelineGeometry } from './timeline-geometry';

export interface TimelineBrushOptions {
  /** Undefined while there is nothing to plot: every event is then ignored. */
  geometry: TimelineGeometry | undefined;
  /** Sets the active brush's range, or clears it with `undefined`. */
  onBrush: (range: TimeRange | undefined) => void;
}

export interface TimelineBrushState {
  /** The step under the pointer. */
  hoverStep: number | undefined;
  /** The keyboard cursor's step (also left where a drag ended). */
  cursorStep: number | undefined;
  /** The range being dragged: drawn, but only committed on release. */
  draft: TimeRange | undefined;
  /** What the last key did, so that the announcement says the range when it changed. */
  lastKey: 'move' | 'brush' | undefined;
  pointerHandlers: {
    onPointerDown(event: PointerEvent<Element>): void;
    onPointerMove(event: PointerEvent<Element>): void;
    onPointerUp(event: PointerEvent<Element>): void;
    onPointerCancel(): void;
    onPointerLeave(): void;
  };
  onKeyDown(event: KeyboardEvent<Element>): void;
  onKeyUp(event: KeyboardEvent<Element>): void;
  onBlur(): void;
}

interface Drag {
  pointerId: number;
  anchor: number;
  current: number;
}

/**
 * Pointer and keyboard brushing on a timeline, in whole steps.
 *
 * Pointer: pressing on a step and dragging to another selects both and every step between; a
 * click without a drag selects the one step under it. The range is committed on release, so that
 * a host recomputing a merged profile does it once per drag, not once per pointer move.
 *
 * Keys: Left/Right move the cursor a step, Home/End to the first/last step (the first press puts
 * the cursor on the first step, or the last with Left/End). With Shift held the active brush's
 * range is set from the step the cursor was on when Shift+arrow was first pressed to the new
 * cursor step, both included; releasing Shift starts the next extension afresh. Escape clears
 * the active brush's range.
 */
export function useTimelineBrush({ geometry, onBrush }: TimelineBrushOptions): TimelineBrushState {
  const [hoverStep, setHoverStep] = useState<number | undefined>();
  const [cursorStep, setCursorStep] = useState<number | undefined>();
  const [draft, setDraft] = useState<TimeRange | undefined>();
  const [lastKey, setLastKey] = useState<'move' | 'brush' | undefined>();
  // Refs, not state: pointer moves may arrive faster than React renders between them.
  const drag = useRef<Drag | undefined>(undefined);
  const shiftAnchor = useRef<number | undefined>(undefined);

  const stepOf = (event: PointerEvent<Element>) =>
    stepAtX(geometry!, event.clientX - event.currentTarget.getBoundingClientRect().left);
  const rangeOf = (a: number, b: number) => computeStepRange(geometry!, a, b);

  const pointerHandlers = {
    onPointerDown(event: PointerEvent<Element>) {
      if (!geometry || event.button !== 0) return;
      const step = stepOf(event);
      drag.current = { pointerId: event.pointerId, anchor: step, current: step };
      setDraft(rangeOf(step, step));
      try {
        // Keep receiving moves when the drag leaves the chart.
        event.currentTarget.setPointerCapture(event.pointerId);
      } catch {
        // Synthetic pointers (tests, some assistive tools) cannot be captured; the drag still works.
      }
    },
    onPointerMove(event: PointerEvent<Element>) {
      if (!geometry) return;
      const step = stepOf(event);
      setHoverStep(step);
      const current = drag.current;
      if (!current || current.pointerId !== event.pointerId || current.current === step) return;
      current.current = step;
      setDraft(rangeOf(current.anchor, step));
    },
    onPointerUp(event: PointerEvent<Element>) {
      const current = drag.current;
      if (!geometry || !current || current.pointerId !== event.pointerId) return;
      const step = stepOf(event);
      drag.current = undefined;
      setDraft(undefined);
      setCursorStep(step);
      setLastKey(undefined);
      onBrush(rangeOf(current.anchor, step));
    },
    onPointerCancel() {
      drag.current = undefined;
      setDraft(undefined);
    },
    onPointerLeave() {
      setHoverStep(undefined);
    },
  };

  function onKeyDown(event: KeyboardEvent<Element>) {
    if (!geometry) return;
    const last = geometry.steps - 1;
    if (event.key === 'Escape') {
      shiftAnchor.current = undefined;
      setLastKey('brush');
      onBrush(undefined);
      event.preventDefault();
      return;
    }
    // The totals may have shrunk since the cursor was placed.
    const cursor = cursorStep === undefined ? undefined : Math.min(cursorStep, last);
    const next = nextStep(event.key, cursor, last);
    if (next === undefined) return;
    event.preventDefault();
    setCursorStep(next);
    if (!event.shiftKey) {
      shiftAnchor.current = undefined;
      setLastKey('move');
      return;
    }
    shiftAnchor.current ??= cursor ?? next;
    setLastKey('brush');
    onBrush(rangeOf(shiftAnchor.current, next));
  }

  return {
    hoverStep,
    cursorStep,
    draft,
    lastKey,
    pointerHandlers,
    onKeyDown,
    onKeyUp(event) {
      if (event.key === 'Shift') shiftAnchor.current = undefined;
    },
    onBlur() {
      // Shift may be released elsewhere, where its keyup never reaches us.
      shiftAnchor.current = undefined;
    },
  };
}

/** The cursor's step after a key, or undefined for keys that do not move it. */
function nextStep(key: string, cursor: number | undefined, last: number): number | undefined {
  switch (key) {
    case 'ArrowRight':
      return cursor === undefined ? 0 : Math.min(last, cursor + 1);
    case 'ArrowLeft':
      return cursor === undefined ? last : Math.max(0, cursor - 1);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return undefined;
  }
}
