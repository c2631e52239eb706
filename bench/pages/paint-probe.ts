/**
 * When does a page show the result of an input? The method of the peers' comparison
 * (shared/peers/browser-bench.md), for the benchmark pages: every 2D-canvas draw call and every DOM
 * change is activity; each schedules a double requestAnimationFrame, and the page has painted the
 * result at the double-rAF point after the last activity. An input starts at the first capture
 * listener on window that sees it; its synchronous part ends at the last bubble listener on window.
 */
export interface PaintProbe {
  /** Forgets the last measurement and times the next input (or `start()`). */
  arm(): void;
  /** Starts the clock now, for work that no input event starts (a mount, an import). */
  start(): void;
  /** Resolves once nothing was drawn or changed for `quietMs` and no double rAF is pending. */
  quiet(quietMs?: number): Promise<void>;
  /**
   * The armed measurement: input → paint and the synchronous part, in ms (NaN if nothing), and
   * how many animation frames began between the last input event before the page's last change
   * (a click's release, a key's keydown: an input is several events, sent apart) and that change
   * (a canvas draw or a DOM change), the display frames that passed while the page was too busy to
   * run a frame's callbacks counted from the time: 0 when the change came before the next frame
   * (in the event's task, or in the frame the event was dispatched in, as Chrome does with pointer
   * moves and wheels), 1 in the first frame after it. Either way the draw is shown in the next
   * frame; the double-rAF point after a draw made in a frame's callbacks reads a frame later than
   * after one made in the input's task, so `paint` alone reads a key press (dispatched mid-frame)
   * about half a frame slower than a pointer move.
   */
  result(): {
    paint: number;
    sync: number;
    activity: number;
    framesBeforeChange: number;
    trace: string[];
  };
}

const INPUT_EVENTS = [
  'pointerdown',
  'pointermove',
  'pointerup',
  'mousedown',
  'mousemove',
  'mouseup',
  'click',
  'dblclick',
  'wheel',
  'keydown',
  'keyup',
  'keypress',
  'input',
];
const DRAW_METHODS = [
  'fillRect',
  'strokeRect',
  'clearRect',
  'fillText',
  'strokeText',
  'fill',
  'stroke',
  'drawImage',
  'putImageData',
] as const;

export function createPaintProbe(): PaintProbe {
  let armed = false;
  let t0 = NaN;
  let syncEnd = NaN;
  let painted = NaN;
  let lastChange = NaN;
  /** When each input event of the armed measurement was dispatched. */
  let inputs: number[] = [];
  let lastActivity = performance.now();
  let pending = 0;
  let activities = 0;
  let trace: string[] = [];
  let lastKind = '';
  let lastAt = 0;
  const frames: number[] = [];
  const onFrame = (time: number) => {
    frames.push(time);
    if (frames.length > 200) frames.shift();
    requestAnimationFrame(onFrame);
  };
  requestAnimationFrame(onFrame);

  // Whether the double rAF of an activity was already requested in the running task: every
  // activity of one task (the thousands of fillRect calls of one draw) reaches the same double-rAF
  // point, so one request stands for them all. A request per call would put thousands of rAF
  // callbacks in the draw being timed, and slow it down by tens of ms at a million nodes.
  let requestedInThisTask = false;
  const activity = (kind: string) => {
    lastActivity = performance.now();
    if (!armed || Number.isNaN(t0)) return;
    activities++;
    lastChange = lastActivity;
    // One entry per burst: the kind and time of the first activity after a pause or a change.
    const at = lastActivity - t0;
    if (kind !== lastKind || at - lastAt > 1) trace.push(`${kind}@${at.toFixed(1)}`);
    lastKind = kind;
    lastAt = at;
    if (requestedInThisTask) return;
    requestedInThisTask = true;
    queueMicrotask(() => (requestedInThisTask = false));
    pending++;
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        pending--;
        painted = performance.now();
      }),
    );
  };
  const proto = CanvasRenderingContext2D.prototype as unknown as Record<
    string,
    (...args: unknown[]) => unknown
  >;
  for (const method of DRAW_METHODS) {
    const original = proto[method];
    proto[method] = function (this: unknown, ...args: unknown[]) {
      activity(method);
      return original.apply(this, args);
    };
  }
  // A canvas's size set from script clears it: that is a draw too.
  const widthSetter = Object.getOwnPropertyDescriptor(HTMLCanvasElement.prototype, 'width')!;
  Object.defineProperty(HTMLCanvasElement.prototype, 'width', {
    ...widthSetter,
    set(value: number) {
      activity('width');
      widthSetter.set!.call(this, value);
    },
  });
  new MutationObserver(() => activity('dom')).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    characterData: true,
  });
  for (const type of INPUT_EVENTS) {
    window.addEventListener(
      type,
      () => {
        if (armed && Number.isNaN(t0)) t0 = performance.now();
        if (!armed) return;
        // A key acts when pressed; its release, sent after whatever the press started, is not
        // the input a change answers.
        if (type !== 'keyup') inputs.push(performance.now());
        trace.push(`${type}@${(performance.now() - t0).toFixed(1)}`);
      },
      { capture: true },
    );
    window.addEventListener(type, () => {
      if (armed && !Number.isNaN(t0)) syncEnd = performance.now();
    });
  }

  // Frames by their timestamps (when each began). A frame the display showed while the page was
  // busy leaves no timestamp (its callbacks never ran): the display frames that passed after the
  // last recorded one, up to the change, are counted from the time, a frame interval each.
  const framesBetween = (from: number, to: number) => {
    if (Number.isNaN(to)) return NaN;
    const begun = frames.filter((f) => f > from && f <= to);
    const deltas = frames
      .slice(1)
      .map((f, i) => f - frames[i])
      .sort((a, b) => a - b);
    const interval = deltas.length > 0 ? deltas[deltas.length >> 1] : 1000 / 60;
    const since = begun.length > 0 ? begun[begun.length - 1] : from;
    return begun.length + Math.floor((to - since) / interval);
  };

  return {
    arm() {
      armed = true;
      t0 = NaN;
      syncEnd = NaN;
      painted = NaN;
      lastChange = NaN;
      inputs = [];
      activities = 0;
      trace = [];
    },
    start() {
      this.arm();
      t0 = performance.now();
    },
    async quiet(quietMs = 300) {
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        if (pending === 0 && performance.now() - lastActivity >= quietMs) return;
      }
    },
    result() {
      const frameTimes = frames
        .filter((f) => f > t0 - 20 && f < painted + 20)
        .map((f) => `frame@${(f - t0).toFixed(1)}`);
      return {
        paint: painted - t0,
        sync: syncEnd - t0,
        activity: activities,
        framesBeforeChange: framesBetween(
          Math.max(t0, ...inputs.filter((at) => at <= lastChange)),
          lastChange,
        ),
        trace: [...trace, ...frameTimes],
      };
    },
  };
}
