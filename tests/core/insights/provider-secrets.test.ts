import { describe, expect, it } from 'vitest';
import { FlamekitError } from '../../../src/core/errors';
import { createOpenAIProvider } from '../../../src/core/insights/openai-provider';
import { failureOf, messages, startServer, startStream } from '../../helpers/chat-server';

/**
 * A hostile or careless server, on 127.0.0.1: it echoes the secrets it was sent, or keeps the
 * connection alive without an answer. Whatever it does, no thrown error (message, stack, causes)
 * holds a secret, and the provider stops in its time.
 */
const KEY = 'sk-live-0123456789abcdef';
const PASSWORD = 'pa55-word-9876';
const QUERY_SECRET = 'query-secret-4242';
const HEADER_SECRET = 'proxy-secret-7777';
const SECRETS = [KEY, PASSWORD, QUERY_SECRET, HEADER_SECRET];

/** Every text an error carries, its causes' included. */
function textsOf(error: unknown): string[] {
  const texts: string[] = [];
  for (let e = error, depth = 0; e !== undefined && e !== null && depth < 10; depth++) {
    if (typeof e === 'string') {
      texts.push(e);
      break;
    }
    const { message, stack, cause } = e as Error;
    texts.push(String(message), String(stack), String(e));
    e = cause;
  }
  return texts;
}

function expectNoSecret(error: unknown): void {
  expect(error).toBeInstanceOf(FlamekitError);
  for (const text of textsOf(error))
    for (const secret of SECRETS) expect(text, `the error reveals ${secret}`).not.toContain(secret);
}

// (The password cannot be echoed: fetch refuses a URL that holds one, and says so itself.)
const echo = `the credentials ${KEY} ${QUERY_SECRET} ${HEADER_SECRET} are not valid`;

describe('secrets never reach an error', () => {
  it.each([
    ['an error object in the stream', `data: ${JSON.stringify({ error: { message: echo } })}\n\n`],
    ['an event: error', `event: error\ndata: ${echo}\n\n`],
    ['a chunk that is not JSON', `data: ${echo}\n\n`],
  ])('when the server echoes them in %s', async (_, body) => {
    const server = await startServer((response) => {
      startStream(response);
      response.end(body);
    });
    const provider = createOpenAIProvider({
      url: `${server.base}?api-key=${QUERY_SECRET}`,
      apiKey: KEY,
      headers: { 'X-Proxy-Key': HEADER_SECRET },
      model: 'm',
    });
    const error = await failureOf(provider.explain({ messages }));
    expect(error.message).toContain('***');
    expectNoSecret(error);
  });

  it('when the server echoes them in a JSON error body', async () => {
    const server = await startServer((response) => {
      response.writeHead(500, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ error: echo }));
    });
    const provider = createOpenAIProvider({
      url: `${server.base}?api-key=${QUERY_SECRET}`,
      apiKey: KEY,
      headers: { 'X-Proxy-Key': HEADER_SECRET },
      model: 'm',
    });
    expectNoSecret(await failureOf(provider.explain({ messages })));
  });

  it("when fetch's own error names the URL with its password and query", async () => {
    const server = await startServer((response) => void response.end());
    const [, host] = /^http:\/\/(.*)$/.exec(server.base)!;
    // Node's fetch refuses a URL with credentials, quoting it whole in its TypeError.
    const provider = createOpenAIProvider({
      url: `http://user:${PASSWORD}@${host}?api-key=${QUERY_SECRET}`,
      apiKey: KEY,
      model: 'm',
    });
    expect(provider.label).not.toContain(PASSWORD);
    const error = await failureOf(provider.explain({ messages }));
    expect((error as FlamekitError).code).toBe('network-error');
    expectNoSecret(error);
  });
});

describe('a server that keeps the connection alive without answering', () => {
  it('is given up after timeoutMs, however steadily its keep-alives come', async () => {
    const server = await startServer((response) => {
      startStream(response);
      const timer = setInterval(() => response.write(': keep-alive\n\n'), 20);
      response.on('close', () => clearInterval(timer));
    });
    const provider = createOpenAIProvider({
      url: server.base,
      model: 'm',
      idleTimeoutMs: 2_000,
      timeoutMs: 300,
    });
    const error = await failureOf(provider.explain({ messages }));
    expect((error as FlamekitError).code).toBe('network-error');
    expect(error.message).toContain('did not finish its answer in 300 ms');
  });

  it('refuses a timeoutMs that is not positive', () => {
    expect(() => createOpenAIProvider({ url: 'http://x', model: 'm', timeoutMs: 0 })).toThrow(
      'timeoutMs must be > 0',
    );
  });
});
