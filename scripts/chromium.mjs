// Finds the Chromium the browser tests drive, or installs Debian's when this machine can.
// One path for a newcomer's `npm test` (through pretest) and for CI (.ci/run calls it too).
// Plain Node, no dependencies, so that it runs before anything is installed.
//
//   node scripts/chromium.mjs           find it, install it if possible, else stop with the command
//   node scripts/chromium.mjs --find    print the path, or nothing (exit 1), without installing
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Where Chromium or Chrome usually lives, after the CHROMIUM_PATH a user sets. */
const USUAL_PLACES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/opt/google/chrome/chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

// fonts-dejavu-core: the pictures the tests measure need a font with known metrics.
const DEBIAN_PACKAGES = ['chromium', 'fonts-dejavu-core'];
const INSTALL_COMMAND = `apt-get install -y ${DEBIAN_PACKAGES.join(' ')}`;

const isExecutable = (path) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** The executable to launch, or undefined. A CHROMIUM_PATH that is not executable is an error. */
export function findChromium() {
  const asked = process.env.CHROMIUM_PATH;
  if (asked) {
    if (isExecutable(asked)) return asked;
    throw new Error(`CHROMIUM_PATH is set to ${asked}, which is not an executable file`);
  }
  return USUAL_PLACES.find(isExecutable);
}

const hasCommand = (command) => {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** Debian's Chromium through apt-get, when this process is root on a machine that has apt-get. */
function installDebianChromium() {
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !hasCommand('apt-get')) return false;
  console.log(
    `flamekit: the browser tests need Chromium; installing Debian's (${INSTALL_COMMAND})`,
  );
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // dpkg's progress is pages long; its errors still reach stderr.
  const run = (args) =>
    execFileSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
  run(['update', '-qq']);
  run(['install', '-y', '-qq', ...DEBIAN_PACKAGES]);
  return true;
}

/** Finds or installs Chromium, or explains the one command to run and exits with 1. */
export function ensureChromium() {
  let found;
  try {
    found = findChromium();
  } catch (error) {
    stop(error.message);
  }
  if (found) return found;
  if (installDebianChromium()) found = findChromium();
  if (found) return found;
  stop('no Chromium was found for the browser tests');
}

function stop(reason) {
  console.error(
    `\nflamekit: ${reason}.\n` +
      `  On Debian or Ubuntu, run:  sudo ${INSTALL_COMMAND}\n` +
      `  Elsewhere, install Chromium or Chrome and set CHROMIUM_PATH=/path/to/the/executable.\n` +
      `  Then run npm test again.\n`,
  );
  process.exit(1);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes('--find')) {
    const found = findChromium();
    if (!found) process.exit(1);
    console.log(found);
  } else {
    console.log(`flamekit: browser tests use ${ensureChromium()}`);
  }
}
