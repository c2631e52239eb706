import { RecordingContext } from '../render/recording-context';

// happy-dom has no canvas 2d context: give every canvas a recording one, so components render and
// tests can see what they drew. Real pixels are checked in headless Chromium (tests/browser).
const contexts = new WeakMap<HTMLCanvasElement, RecordingContext>();
HTMLCanvasElement.prototype.getContext = function getContext(this: HTMLCanvasElement) {
  let context = contexts.get(this);
  if (!context) contexts.set(this, (context = new RecordingContext()));
  return context as unknown as CanvasRenderingContext2D;
} as unknown as typeof HTMLCanvasElement.prototype.getContext;

export function recordingOf(canvas: HTMLCanvasElement): RecordingContext {
  return canvas.getContext('2d') as unknown as RecordingContext;
}

// Unmount what each test rendered (vitest runs without globals, so testing-library cannot do it itself).
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
afterEach(cleanup);
