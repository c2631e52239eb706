// Runs before `npm start` and `npm test`: on a fresh clone the dependencies are not there yet, so
// install them exactly as locked. Plain Node, no dependencies, so that it can run first.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
if (!existsSync(resolve(root, 'node_modules/.package-lock.json'))) {
  console.log('flamekit: installing dependencies (npm ci) ...');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
}
