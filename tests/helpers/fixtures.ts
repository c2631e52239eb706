import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const FIXTURES = resolve(import.meta.dirname, '../fixtures/profiles');

export function readFixture(path: string): Buffer {
  return readFileSync(join(FIXTURES, path));
}

export function readFixtureText(path: string): string {
  return readFixture(path).toString('utf8');
}

/** Paths of two consecutive 10 s CPU windows of a Kafka pod: the pair most diff tests use. */
export const KAFKA_WINDOWS = [
  'collapsed/diff/jfr-parser-kafka-cpu-0.collapsed.txt.gz',
  'collapsed/diff/jfr-parser-kafka-cpu-1.collapsed.txt.gz',
] as const;
