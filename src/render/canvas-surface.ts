import { FlamekitError, colorToCss } from '../core/index';
import { watchPixelRatio } from './pixel-ratio';
import {
  createFrameScheduler,
  type CancelFrame,
  type FrameScheduler,
  type RequestFrame,
} from './scheduler';

/** What a renderer takes from its page; tests and benchmarks pass their own. */
export interface RendererEnvironment {
  requestFrame?: RequestFrame;
  cancelFrame?: CancelFrame;
  devicePixelRatio?: () => number;
}

/**
 * What every canvas renderer (the flame graph's, the flame chart's) sets up the same way: an opaque
 * 2D context, the device pixel ratio, a CSS string per colour, one draw per animation frame, and a
 * redraw when the window moves to a screen of another pixel ratio (or the browser zooms).
 */
export interface CanvasSurface {
  ctx: CanvasRenderingContext2D;
  cssOf: (color: number) => string;
  scheduler: FrameScheduler;
  /** A scheduler of its own on the same animation frames, for work done between draws. */
  openScheduler(run: () => void): FrameScheduler;
  /**
   * Sizes the canvas to a viewport of `width` × `height` CSS px in device pixels and fills it with
   * `background`: how every frame starts.
   */
  clear(
    width: number,
    height: number,
    background: number,
  ): { ratio: number; deviceWidth: number; deviceHeight: number };
  /** Stops following the pixel ratio (on destroy). */
  stopWatchingRatio: () => void;
}

/**
 * Opens `canvas` for drawing. `drawNow` runs on the scheduled frame and `draw` on a change of pixel
 * ratio; both are called only after this returns, so they may refer to the renderer being made.
 *
 * @throws FlamekitError `invalid-argument` when the canvas has no 2D context.
 */
export function openCanvasSurface(
  canvas: HTMLCanvasElement,
  environment: RendererEnvironment,
  redraw: { draw(): void; drawNow(): void },
): CanvasSurface {
  const ctx = canvas.getContext('2d', { alpha: false }) as CanvasRenderingContext2D | null;
  if (!ctx)
    throw new FlamekitError(
      'invalid-argument',
      'the canvas has no 2d context (was it already given a webgl context?)',
    );
  const css = new Map<number, string>();
  const pixelRatio =
    environment.devicePixelRatio ??
    (() => (typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1));
  const cssOf = (color: number) => {
    let value = css.get(color);
    if (value === undefined) css.set(color, (value = colorToCss(color)));
    return value;
  };
  const requestFrame = environment.requestFrame ?? ((callback) => requestAnimationFrame(callback));
  const cancelFrame = environment.cancelFrame ?? ((handle) => cancelAnimationFrame(handle));
  return {
    ctx,
    cssOf,
    openScheduler: (run) => createFrameScheduler(run, requestFrame, cancelFrame),
    clear(width, height, background) {
      const ratio = pixelRatio();
      const deviceWidth = Math.max(1, Math.round(width * ratio));
      const deviceHeight = Math.max(1, Math.round(height * ratio));
      if (canvas.width !== deviceWidth || canvas.height !== deviceHeight) {
        canvas.width = deviceWidth;
        canvas.height = deviceHeight;
      }
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.fillStyle = cssOf(background);
      ctx.fillRect(0, 0, deviceWidth, deviceHeight);
      return { ratio, deviceWidth, deviceHeight };
    },
    scheduler: createFrameScheduler(() => redraw.drawNow(), requestFrame, cancelFrame),
    stopWatchingRatio: environment.devicePixelRatio
      ? () => {}
      : watchPixelRatio(() => redraw.draw()),
  };
}

/** `blend` remembered per colour (up to 4,096 of them): fading and muting cost a blend per colour, not per box. */
export function cachePerColor(
  blend: (color: number) => number,
): ((color: number) => number) & { clear(): void } {
  const cache = new Map<number, number>();
  return Object.assign(
    (color: number) => {
      let value = cache.get(color);
      if (value === undefined) {
        if (cache.size > 4096) cache.clear();
        cache.set(color, (value = blend(color)));
      }
      return value;
    },
    { clear: () => cache.clear() },
  );
}
