// npm start: serves a page with the real profiles in tests/fixtures as printed call trees.
// (Storybook takes this over once the components exist.)
import { createServer } from 'node:http';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { renderPreviewPage } from './preview-page';

const fixtures = resolve(import.meta.dirname, '../tests/fixtures/profiles');
const files = (readdirSync(fixtures, { recursive: true }) as string[])
  .filter((file) => file.startsWith('collapsed') && /\.txt$/.test(file))
  .sort();

const port = Number(process.env.PORT ?? 6006);
createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const asked = url.searchParams.get('file');
  const file = files.find((candidate) => candidate === asked);
  try {
    const chosen = file
      ? { name: file, text: readFileSync(join(fixtures, file), 'utf8') }
      : undefined;
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(renderPreviewPage(files, chosen));
  } catch (error) {
    response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
    response.end(String(error));
  }
}).listen(port, '127.0.0.1', () => {
  console.log(
    `flamekit preview: http://127.0.0.1:${port}/ (${files.length} profiles from ${relative(process.cwd(), fixtures)})`,
  );
});
