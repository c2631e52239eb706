import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import type { ExplainMessage } from '../../src/core/insights/types';

// A real HTTP server on 127.0.0.1 that speaks the chat-completions protocol as each test scripts it.

export interface ReceivedRequest {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingMessage['headers'];
  body: unknown;
  /** Resolves when the connection closes, with whether the server had finished its response. */
  closed: Promise<{ finished: boolean }>;
}

export type Script = (response: ServerResponse, request: IncomingMessage) => void | Promise<void>;

export const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

export async function startServer(script: Script) {
  const requests: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const closed = new Promise<{ finished: boolean }>((resolve) =>
      response.on('close', () => resolve({ finished: response.writableFinished })),
    );
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (piece: string) => (text += piece));
    request.on('end', () => {
      const { method, url, headers } = request;
      requests.push({ method, url, headers, body: JSON.parse(text), closed });
      response.socket?.setNoDelay(true);
      void script(response, request);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const handle = {
    port,
    base: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(handle);
  return handle;
}

export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function startStream(response: ServerResponse): void {
  response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
  response.flushHeaders();
}

export function chunk(content: string): string {
  return `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
}

export const messages: ExplainMessage[] = [
  { role: 'system', content: 'You explain profiles.' },
  { role: 'user', content: 'Summary: main.parse 40 %' },
];

export async function collect(
  iterable: AsyncIterable<string>,
  pieces: string[] = [],
): Promise<string[]> {
  for await (const piece of iterable) pieces.push(piece);
  return pieces;
}

/** What the iteration threw (it must throw), after collecting the pieces it yielded. */
export async function failureOf(
  iterable: AsyncIterable<string>,
  pieces: string[] = [],
): Promise<Error> {
  try {
    await collect(iterable, pieces);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the iteration to fail');
}
