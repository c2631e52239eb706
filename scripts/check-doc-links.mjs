// Checks that every relative link in README.md, CHANGELOG.md and docs/*.md (and stories/README.md)
// points at a file or folder that exists, and that every #anchor into a Markdown file matches one
// of its headings. The API reference's own links are checked by TypeDoc (typedoc.json:
// validation.invalidLink with warnings as errors). Exits 1 listing what is broken.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const files = [
  'README.md',
  'CHANGELOG.md',
  'stories/README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
const anchorOf = (heading) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');

const broken = [];
for (const file of files) {
  const text = readFileSync(join(root, file), 'utf8').replace(/```[\s\S]*?```/g, '');
  for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    const link = match[1];
    if (/^(https?:|mailto:)/.test(link)) continue;
    const [path, anchor] = link.split('#');
    const target = path ? resolve(dirname(join(root, file)), path) : join(root, file);
    if (!existsSync(target)) {
      broken.push(`${file}: ${link} (no such file)`);
      continue;
    }
    if (anchor && target.endsWith('.md')) {
      const headings = [...readFileSync(target, 'utf8').matchAll(/^#+\s+(.*)$/gm)].map((m) =>
        anchorOf(m[1]),
      );
      if (!headings.includes(anchor)) broken.push(`${file}: ${link} (no such heading)`);
    }
  }
}
if (broken.length > 0) {
  console.error(`Broken documentation links:\n${broken.map((b) => `  ${b}`).join('\n')}`);
  process.exit(1);
}
console.log(`Documentation links: ${files.length} files checked, none broken.`);
