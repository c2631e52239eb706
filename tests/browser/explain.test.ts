import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';

/**
 * A local model server that speaks the OpenAI streaming protocol (with CORS, as a browser needs),
 * answering each request with the next scripted reply. The answer holds Markdown and raw HTML.
 */
let harness: Harness;
let model: Server;
let modelUrl: string;
const received: { auth?: string; body: { model: string; stream: boolean; messages: unknown[] } }[] =
  [];
const replies = [
  [
    '##### Bottleneck\n',
    'Most time is in **runtime.',
    'mallocgc**.\n\n',
    '<img src=x onerror="window.pwned=1">',
  ],
  'fail',
];

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((done) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => done(text));
  });
}

beforeAll(async () => {
  model = createServer(async (request, response) => {
    const cors = {
      'access-control-allow-origin': '*',
      'access-control-allow-headers': 'content-type, authorization',
    };
    if (request.method === 'OPTIONS') return response.writeHead(204, cors).end();
    received.push({
      auth: request.headers.authorization,
      body: JSON.parse(await readBody(request)),
    });
    const reply = replies[received.length - 1];
    if (reply === 'fail') {
      response.writeHead(429, { ...cors, 'content-type': 'application/json' });
      return response.end(JSON.stringify({ error: { message: 'Rate limit reached' } }));
    }
    response.writeHead(200, { ...cors, 'content-type': 'text/event-stream' });
    for (const piece of reply as string[]) {
      const event = { choices: [{ index: 0, delta: { content: piece } }] };
      response.write(`data: ${JSON.stringify(event)}\n\n`);
      await new Promise((done) => setTimeout(done, 20));
    }
    response.end('data: [DONE]\n\n');
  });
  await new Promise<void>((done) => model.listen(0, '127.0.0.1', done));
  modelUrl = `http://127.0.0.1:${(model.address() as AddressInfo).port}/v1`;
  harness = await startHarness(['explain']);
}, 120_000);

afterAll(async () => {
  await harness?.close();
  await new Promise((done) => model?.close(done));
});

describe('<ExplainPanel> in Chromium with the OpenAI-compatible provider', () => {
  it('streams the answer from a local model server as safe Markdown, and reports its errors', async () => {
    const page = await harness.open('explain', { query: `model=${encodeURIComponent(modelUrl)}` });
    await page.getByRole('button', { name: 'Explain flame graph' }).click();
    const turn = page.locator('[data-flamekit="explain-turn"]').first();
    await expect.poll(() => turn.locator('strong').textContent()).toBe('runtime.mallocgc');
    expect(await turn.locator('h6').textContent()).toBe('Bottleneck');
    // The model's raw HTML is text: no image element, no script ran.
    await expect.poll(() => turn.textContent()).toContain('<img src=x onerror="window.pwned=1">');
    expect(await turn.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
    // What the server was sent: the model, streaming, the key, and the profile's summary.
    expect(received[0].auth).toBe('Bearer test-key');
    expect(received[0].body.model).toBe('test-model');
    expect(received[0].body.stream).toBe(true);
    expect(JSON.stringify(received[0].body.messages)).toContain('runtime.mapiternext');
    // A follow-up the server refuses shows its message.
    await page.getByRole('textbox', { name: 'Follow-up question' }).fill('And the fix?');
    await page.getByRole('button', { name: 'Ask' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/429.*Rate limit reached/);
    await page.context().close();
  });
});
