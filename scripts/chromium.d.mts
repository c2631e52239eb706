/** The Chromium executable the browser tests launch (CHROMIUM_PATH, else the usual places). */
export function findChromium(): string | undefined;
/** Finds Chromium or installs Debian's; otherwise prints the command to run and exits. */
export function ensureChromium(): string;
