/**
 * "Show code" for a story of a component on one fixture file: what a host writes to show that
 * file (fetch it, import it, render the component with the story's props), where the story's own
 * source is only a helper call such as `fixtureStory('…')`.
 */
export function embedCode(component: string, path: string, args: object = {}): string {
  const props = Object.entries(args)
    .filter(([, value]) => value !== undefined && typeof value !== 'function')
    .map(([name, value]) =>
      typeof value === 'string' ? `${name}="${value}"` : `${name}={${literal(value)}}`,
    );
  const file = path.slice(path.lastIndexOf('/') + 1);
  return [
    `import { ${component} } from 'flamekit';`,
    `import { importProfile } from 'flamekit/core';`,
    '',
    `const response = await fetch('/profiles/${file}');`,
    'const profile = importProfile(new Uint8Array(await response.arrayBuffer()));',
    '',
    `<${component} profile={profile}${props.map((prop) => ` ${prop}`).join('')} />`,
  ].join('\n');
}

/** A prop's value as a JavaScript literal, objects with bare keys where they can be. */
function literal(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const entries = Object.entries(value).map(
    ([key, item]) =>
      `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}: ${literal(item)}`,
  );
  return `{ ${entries.join(', ')} }`;
}
