import type { TimeOrder } from '../src/core';
import { generateRecording as generate } from '../bench/synthetic-time-order';

/**
 * A seeded synthetic recording of `samples` samples on eight threads (the benchmark's, in
 * bench/synthetic-time-order.ts), built in the browser so that a story can show a million
 * samples without shipping a 100 MB file.
 */
export function generateRecording(samples: number): TimeOrder {
  return generate(samples).timeOrder;
}
