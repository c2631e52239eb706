/**
 * A stand-in for a canvas and its 2d context that records every draw call, so that tests can
 * assert what the renderer drew without a browser. Text is measured as 7 device px per character
 * at a 12px font (scaled with the font size), like a monospace font.
 */
export type DrawCall =
  | { op: 'fillRect'; x: number; y: number; width: number; height: number; fillStyle: string }
  | { op: 'strokeRect'; x: number; y: number; width: number; height: number; strokeStyle: string }
  | { op: 'fillText'; text: string; x: number; y: number; fillStyle: string };

export class RecordingContext {
  calls: DrawCall[] = [];
  styleChanges = 0;
  font = '12px monospace';
  textBaseline = 'alphabetic';
  lineWidth = 1;
  strokeStyle = '#000000';
  private fill = '#000000';

  get fillStyle(): string {
    return this.fill;
  }
  set fillStyle(value: string) {
    if (value !== this.fill) this.styleChanges++;
    this.fill = value;
  }
  setTransform(): void {}
  fillRect(x: number, y: number, width: number, height: number): void {
    this.calls.push({ op: 'fillRect', x, y, width, height, fillStyle: this.fill });
  }
  strokeRect(x: number, y: number, width: number, height: number): void {
    this.calls.push({ op: 'strokeRect', x, y, width, height, strokeStyle: this.strokeStyle });
  }
  fillText(text: string, x: number, y: number): void {
    this.calls.push({ op: 'fillText', text, x, y, fillStyle: this.fill });
  }
  measureText(text: string): { width: number } {
    const size = Number(/(\d+(?:\.\d+)?)px/.exec(this.font)?.[1] ?? 12);
    return { width: text.length * 7 * (size / 12) };
  }
  /** Stroked paths, each as its line segments and rectangles (the diff marks' hatching). */
  strokes: { segments: number[][]; rects: number[][]; dashed: boolean; style: string }[] = [];
  globalAlpha = 1;
  private currentPath: { segments: number[][]; rects: number[][] } = { segments: [], rects: [] };
  private penAt = [0, 0];
  private lineDash: number[] = [];
  save(): void {}
  restore(): void {}
  beginPath(): void {
    this.currentPath = { segments: [], rects: [] };
  }
  moveTo(x: number, y: number): void {
    this.penAt = [x, y];
  }
  lineTo(x: number, y: number): void {
    this.currentPath.segments.push([this.penAt[0], this.penAt[1], x, y]);
    this.penAt = [x, y];
  }
  rect(x: number, y: number, width: number, height: number): void {
    this.currentPath.rects.push([x, y, width, height]);
  }
  setLineDash(dash: number[]): void {
    this.lineDash = dash;
  }
  stroke(): void {
    this.strokes.push({
      ...this.currentPath,
      dashed: this.lineDash.length > 0,
      style: this.strokeStyle,
    });
  }
  reset(): void {
    this.calls = [];
    this.strokes = [];
    this.styleChanges = 0;
  }
  boxes() {
    return this.calls
      .filter((call): call is Extract<DrawCall, { op: 'fillRect' }> => call.op === 'fillRect')
      .slice(1); // after the background
  }
  texts() {
    return this.calls.filter(
      (call): call is Extract<DrawCall, { op: 'fillText' }> => call.op === 'fillText',
    );
  }
}

export function createRecordingCanvas(width: number, height: number) {
  const context = new RecordingContext();
  const canvas = {
    width,
    height,
    clientWidth: width,
    clientHeight: height,
    getContext: () => context,
  } as unknown as HTMLCanvasElement;
  return { canvas, context };
}

/** Runs queued animation frames by hand. */
export function createManualFrames() {
  let queue = new Map<number, () => void>();
  let next = 1;
  return {
    requestFrame: (callback: () => void) => {
      queue.set(next, callback);
      return next++;
    },
    cancelFrame: (handle: number) => void queue.delete(handle),
    pending: () => queue.size,
    flush() {
      const run = queue;
      queue = new Map();
      for (const callback of run.values()) callback();
    },
  };
}
