/** Coalesces draw requests into one callback per animation frame. */
export interface FrameScheduler {
  request(): void;
  cancel(): void;
  /** Whether a frame is requested and has not run yet. */
  readonly pending: boolean;
}

export type RequestFrame = (callback: () => void) => number;
export type CancelFrame = (handle: number) => void;

export function createFrameScheduler(
  run: () => void,
  requestFrame: RequestFrame,
  cancelFrame: CancelFrame,
): FrameScheduler {
  let handle: number | undefined;
  return {
    request() {
      if (handle !== undefined) return;
      handle = requestFrame(() => {
        handle = undefined;
        run();
      });
    },
    cancel() {
      if (handle !== undefined) cancelFrame(handle);
      handle = undefined;
    },
    get pending() {
      return handle !== undefined;
    },
  };
}
