import { describe, expect, it } from 'vitest';
import { FlamekitError, isFlamekitError } from '../../../src/core/errors';
import { createOpenAIProvider } from '../../../src/core/insights/openai-provider';
import {
  readServerSentEvents,
  ServerSentEventParser,
  type ServerSentEvent,
} from '../../../src/core/insights/sse';
import {
  chunk,
  collect,
  delay,
  failureOf,
  messages,
  servers,
  startServer,
  startStream,
} from '../../helpers/chat-server';

// The stream of the main test: a comment, CRLF and LF endings, a role-only first chunk with empty
// content, `id` and `retry` fields, a chunk with a finish reason, then [DONE].
const STREAM = [
  ': OPENROUTER PROCESSING\r\n\r\n',
  'data: {"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}\r\n\r\n',
  'data: {"choices":[{"index":0,"delta":{"content":"Hé "}}]}\n\n',
  'id: 7\r\nretry: 1000\r\ndata: {"choices":[{"index":0,"delta":{"content":"🔥 hot"}}]}\r\n\r\n',
  'data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n',
  'data: [DONE]\n\n',
].join('');

describe('createOpenAIProvider', () => {
  it('posts the conversation and streams the pieces, whatever the chunk boundaries', async () => {
    const bytes = Buffer.from(STREAM, 'utf8');
    const fire = bytes.indexOf(Buffer.from('🔥'));
    const cuts = [
      bytes.indexOf('"content":"Hé') + 5, // inside a line
      bytes.indexOf(Buffer.from('é')) + 1, // inside the two bytes of é
      fire + 2, // inside the four bytes of 🔥
      fire + 3,
      bytes.indexOf('\r\n', fire) + 1, // between \r and \n
    ].sort((a, b) => a - b);
    const server = await startServer(async (response) => {
      startStream(response);
      let start = 0;
      for (const cut of [...cuts, bytes.length]) {
        response.write(bytes.subarray(start, cut));
        start = cut;
        await delay(15);
      }
      response.end();
    });
    const provider = createOpenAIProvider({
      url: server.base,
      apiKey: 'sk-test-123',
      model: 'gpt-test',
      temperature: 0.2,
      maxTokens: 500,
      headers: { 'X-Team': 'perf' },
    });

    expect(await collect(provider.explain({ messages }))).toEqual(['Hé ', '🔥 hot']);
    const [request] = server.requests;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe('Bearer sk-test-123');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-team']).toBe('perf');
    expect(request.body).toEqual({
      model: 'gpt-test',
      messages,
      stream: true,
      temperature: 0.2,
      max_tokens: 500,
    });
    expect(provider.label).toBe(`OpenAI-compatible: gpt-test at 127.0.0.1:${server.port}`);
  });

  it('sends no Authorization without a key, and keeps a URL that already names the route', async () => {
    const server = await startServer((response) => {
      startStream(response);
      response.end(chunk('ok') + 'data: [DONE]\n\n');
    });
    const provider = createOpenAIProvider({
      url: `${server.base}/chat/completions/`,
      model: 'llama3',
    });
    expect(await collect(provider.explain({ messages }))).toEqual(['ok']);
    expect(server.requests[0].url).toBe('/v1/chat/completions');
    expect(server.requests[0].headers.authorization).toBeUndefined();
    expect(server.requests[0].body).toEqual({ model: 'llama3', messages, stream: true });
  });

  it('reads one JSON completion from a server that does not stream', async () => {
    const server = await startServer((response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(
        JSON.stringify({
          choices: [{ index: 0, message: { content: 'all at once' }, finish_reason: 'stop' }],
        }),
      );
    });
    const provider = createOpenAIProvider({ url: server.base, model: 'm' });
    expect(await collect(provider.explain({ messages }))).toEqual(['all at once']);
  });

  it("reports 401 with the server's message, without the key", async () => {
    const key = 'sk-secret-abcdef';
    const server = await startServer((response) => {
      response.writeHead(401, { 'Content-Type': 'application/json' });
      response.end(
        JSON.stringify({
          error: {
            message: `Incorrect API key provided: ${key}.`,
            type: 'invalid_request_error',
            code: 'invalid_api_key',
          },
        }),
      );
    });
    const provider = createOpenAIProvider({ url: server.base, apiKey: key, model: 'gpt-test' });
    const error = await failureOf(provider.explain({ messages }));
    expect(error).toBeInstanceOf(FlamekitError);
    expect((error as FlamekitError).code).toBe('network-error');
    expect(error.message).toBe(
      `the model endpoint at ${server.base}/chat/completions answered 401 Unauthorized: Incorrect API key provided: ***.; check the API key`,
    );
    expect(error.message).not.toContain(key);
  });

  it('reports 404 with the text body and points at the URL and the model', async () => {
    const server = await startServer((response) => {
      response.writeHead(404, { 'Content-Type': 'text/plain' });
      response.end('404 page not found\n');
    });
    const provider = createOpenAIProvider({ url: server.base, model: 'no-such-model' });
    const error = await failureOf(provider.explain({ messages }));
    expect(isFlamekitError(error)).toBe(true);
    expect(error.message).toBe(
      `the model endpoint at ${server.base}/chat/completions answered 404 Not Found: 404 page not found; check the URL (it usually ends in /v1) and the model "no-such-model"`,
    );
  });

  it.each([
    [500, 'Internal Server Error', 'the server failed; try again later'],
    [503, 'Service Unavailable', 'the server failed; try again later'],
    [429, 'Too Many Requests', 'rate limit or quota reached'],
    [403, 'Forbidden', 'check that the API key may use the model "m"'],
  ])('reports status %i with advice', async (status, text, advice) => {
    const server = await startServer((response) => {
      response.writeHead(status, { 'Content-Type': 'text/html' });
      response.end('<html><body><h1>Oops</h1></body></html>');
    });
    const provider = createOpenAIProvider({ url: server.base, apiKey: 'k', model: 'm' });
    const error = await failureOf(provider.explain({ messages }));
    expect((error as FlamekitError).code).toBe('network-error');
    expect(error.message).toContain(`answered ${status} ${text}: Oops; ${advice}`);
  });

  it('throws an error event sent in the middle of the stream, after the pieces before it', async () => {
    const server = await startServer((response) => {
      startStream(response);
      response.write(chunk('Hello'));
      response.end(
        'data: {"error":{"message":"The server had an error while processing your request.","type":"server_error","code":null}}\n\n',
      );
    });
    const provider = createOpenAIProvider({ url: server.base, model: 'm' });
    const pieces: string[] = [];
    const error = await failureOf(provider.explain({ messages }), pieces);
    expect(pieces).toEqual(['Hello']);
    expect((error as FlamekitError).code).toBe('network-error');
    expect(error.message).toBe(
      `the model endpoint at ${server.base}/chat/completions reported an error: The server had an error while processing your request.`,
    );
  });

  it('throws a parse-error for a chunk that is not JSON', async () => {
    const server = await startServer((response) => {
      startStream(response);
      response.end('data: {"choices": [\n\n');
    });
    const provider = createOpenAIProvider({ url: server.base, model: 'm' });
    const error = await failureOf(provider.explain({ messages }));
    expect((error as FlamekitError).code).toBe('parse-error');
  });

  it('reports a connection dropped in the middle of the answer', async () => {
    const server = await startServer(async (response) => {
      startStream(response);
      response.write(chunk('Hello'));
      await delay(30);
      response.socket?.destroy();
    });
    const provider = createOpenAIProvider({ url: server.base, model: 'm' });
    const pieces: string[] = [];
    const error = await failureOf(provider.explain({ messages }), pieces);
    expect(pieces).toEqual(['Hello']);
    expect((error as FlamekitError).code).toBe('network-error');
    expect(error.message).toContain(
      `the answer from the model endpoint at ${server.base}/chat/completions broke off`,
    );
  });

  it('reports a stream that ends cleanly before [DONE]', async () => {
    const server = await startServer((response) => {
      startStream(response);
      response.end(chunk('Hel'));
    });
    const provider = createOpenAIProvider({ url: server.base, model: 'm' });
    const error = await failureOf(provider.explain({ messages }));
    expect(error.message).toContain('broke off (the stream ended before [DONE])');
  });

  it('gives up on a server that stalls, and closes the connection', async () => {
    const server = await startServer((response) => {
      startStream(response);
      response.write(chunk('Hello'));
    });
    const provider = createOpenAIProvider({ url: server.base, model: 'm', idleTimeoutMs: 150 });
    const started = Date.now();
    const pieces: string[] = [];
    const error = await failureOf(provider.explain({ messages }), pieces);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(pieces).toEqual(['Hello']);
    expect((error as FlamekitError).code).toBe('network-error');
    expect(error.message).toBe(
      `the model endpoint at ${server.base}/chat/completions sent nothing for 150 ms; it may be overloaded, or the URL may not be a chat-completions endpoint`,
    );
    expect(await server.requests[0].closed).toEqual({ finished: false });
  });

  it('gives up on a server that never sends its headers', async () => {
    const server = await startServer(() => undefined);
    const provider = createOpenAIProvider({ url: server.base, model: 'm', idleTimeoutMs: 100 });
    const error = await failureOf(provider.explain({ messages }));
    expect(error.message).toContain('sent nothing for 100 ms');
    expect(await server.requests[0].closed).toEqual({ finished: false });
  });

  it('stops when the signal aborts: the AbortError is thrown and the server sees the close', async () => {
    const server = await startServer((response) => {
      startStream(response);
      response.write(chunk('first'));
      // Never ends: only the client can close this connection.
    });
    const provider = createOpenAIProvider({ url: server.base, model: 'm' });
    const controller = new AbortController();
    const pieces: string[] = [];
    let error: unknown;
    try {
      for await (const piece of provider.explain({ messages }, controller.signal)) {
        pieces.push(piece);
        controller.abort();
      }
    } catch (caught) {
      error = caught;
    }
    expect(pieces).toEqual(['first']);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    expect(await server.requests[0].closed).toEqual({ finished: false });
  });

  it('closes the connection when the caller stops iterating early', async () => {
    const server = await startServer((response) => {
      startStream(response);
      response.write(chunk('first'));
    });
    const provider = createOpenAIProvider({ url: server.base, model: 'm' });
    for await (const piece of provider.explain({ messages })) {
      expect(piece).toBe('first');
      break;
    }
    expect(await server.requests[0].closed).toEqual({ finished: false });
  });

  it('sends nothing when the signal is already aborted', async () => {
    const server = await startServer((response) => void response.end());
    const provider = createOpenAIProvider({ url: server.base, model: 'm' });
    const error = await failureOf(provider.explain({ messages }, AbortSignal.abort()));
    expect(error.name).toBe('AbortError');
    await delay(20);
    expect(server.requests).toEqual([]);
  });

  it('names the URL when nothing listens there', async () => {
    const server = await startServer(() => undefined);
    const url = server.base;
    await servers.pop()!.close();
    const provider = createOpenAIProvider({ url, apiKey: 'sk-hidden', model: 'm' });
    const error = await failureOf(provider.explain({ messages }));
    expect((error as FlamekitError).code).toBe('network-error');
    expect(error.message).toMatch(
      new RegExp(
        `^could not reach the model endpoint at ${url.replace(/\./g, '\\.')}/chat/completions \\(.*ECONNREFUSED`,
      ),
    );
    expect(error.message).not.toContain('sk-hidden');
  });

  it('uses the fetch it is given and hides credentials in the URL it shows', async () => {
    const calls: string[] = [];
    const provider = createOpenAIProvider({
      url: 'https://user:pw@llm.example.com/v1?team=a',
      model: 'm',
      fetch: async (url) => {
        calls.push(url);
        throw new TypeError('Failed to fetch');
      },
    });
    expect(provider.label).toBe('OpenAI-compatible: m at llm.example.com');
    const error = await failureOf(provider.explain({ messages }));
    expect(calls).toEqual(['https://user:pw@llm.example.com/v1/chat/completions?team=a']);
    expect(error.message).toContain(
      'could not reach the model endpoint at https://llm.example.com/v1/chat/completions (Failed to fetch)',
    );
    expect(error.message).not.toContain('pw');
  });

  it('refuses a blank url or model, and a timeout that is not positive', () => {
    expect(() => createOpenAIProvider({ url: ' ', model: 'm' })).toThrow(FlamekitError);
    expect(() => createOpenAIProvider({ url: 'http://x/v1', model: '' })).toThrow(FlamekitError);
    expect(() =>
      createOpenAIProvider({ url: 'http://x/v1', model: 'm', idleTimeoutMs: 0 }),
    ).toThrow(/idleTimeoutMs/);
  });
});

describe('readServerSentEvents', () => {
  const expected: ServerSentEvent[] = [
    {
      type: 'message',
      data: '{"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}',
    },
    { type: 'message', data: '{"choices":[{"index":0,"delta":{"content":"Hé "}}]}' },
    { type: 'message', data: '{"choices":[{"index":0,"delta":{"content":"🔥 hot"}}]}' },
    { type: 'message', data: '{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}' },
    { type: 'message', data: '[DONE]' },
  ];

  async function eventsOf(chunks: Uint8Array[]): Promise<ServerSentEvent[]> {
    let next = 0;
    const reader = {
      read: async () =>
        next < chunks.length ? { done: false, value: chunks[next++] } : { done: true },
    };
    const events: ServerSentEvent[] = [];
    for await (const event of readServerSentEvents(reader)) events.push(event);
    return events;
  }

  it('gives the same events for a cut at every byte', async () => {
    const bytes = new TextEncoder().encode(STREAM);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const events = await eventsOf([bytes.subarray(0, cut), bytes.subarray(cut)]);
      expect(events, `cut at byte ${cut}`).toEqual(expected);
    }
  });

  it('gives the same events one byte at a time', async () => {
    const bytes = new TextEncoder().encode(STREAM);
    const single = Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
    expect(await eventsOf(single)).toEqual(expected);
  });

  it('joins data lines, reads event types and bare "\\r" endings, and drops an unfinished event', () => {
    const parser = new ServerSentEventParser();
    const text = 'event: error\rdata: line 1\rdata:line 2\r\rdata\n\ndata: cut short';
    expect([...parser.push(text), ...parser.end()]).toEqual([
      { type: 'error', data: 'line 1\nline 2' },
      { type: 'message', data: '' },
    ]);
  });

  it('reads "\\r\\n" as one line end when a piece ends between the "\\r" and the "\\n"', () => {
    const parser = new ServerSentEventParser();
    // Read as a line end on its own, "\r" then "\n" would be a blank line ending the event early.
    const events = [
      ...parser.push('data: a\r'),
      ...parser.push('\ndata: b\r\n\r'),
      ...parser.push('\n'),
      ...parser.push('data: c\r'),
      ...parser.push('\n\r\n'),
    ];
    expect(events).toEqual([
      { type: 'message', data: 'a\nb' },
      { type: 'message', data: 'c' },
    ]);
  });
});
