import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const FIXTURES = resolve(import.meta.dirname, '../fixtures/profiles');

export function readFixture(path: string): Buffer {
  return readFileSync(join(FIXTURES, path));
}

export function readFixtureText(path: string): string {
  return readFixture(path).toString('utf8');
}
