import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FlamekitError } from '../core/index';

/**
 * flamekit's own folder (where its package.json is), found from this script: two levels up from
 * src/cli/, one or two up from the built dist/cli.js and dist/modules/cli/.
 */
function findPackageRoot(): string | undefined {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (let level = 0; level < 4; level++, directory = dirname(directory)) {
    try {
      const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as {
        name?: unknown;
      };
      if (manifest.name === 'flamekit') return directory;
    } catch {
      // No package.json at this level (or not readable): look one level up.
    }
  }
  return undefined;
}

/** The version in flamekit's package.json. */
export function readVersion(): string {
  const root = findPackageRoot();
  const manifest = root
    ? (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: unknown })
    : {};
  if (typeof manifest.version !== 'string')
    throw new FlamekitError('internal-error', "cannot find flamekit's package.json");
  return manifest.version;
}

/** The path of a page of flamekit's docs as installed with the package, if it is there. */
export function documentationFile(name: string): string | undefined {
  const root = findPackageRoot();
  const path = root && join(root, 'docs', name);
  return path && existsSync(path) ? path : undefined;
}
