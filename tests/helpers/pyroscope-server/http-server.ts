import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import {
  handleConnectRequest,
  procedureOf,
  type ConnectHandlerOptions,
  type ConnectResponse,
} from './connect-handler';

/**
 * A real HTTP server on 127.0.0.1 that speaks Grafana Pyroscope's query API (Connect, JSON) from
 * real profiles: what the client's tests talk to, since no Pyroscope server can be installed here.
 * Beside the protocol it records each request, can hold answers back (`delayMs`) to test slow
 * answers and cancelling, can answer the next requests with a given failure, gzips answers when
 * the client accepts it, and can allow cross-origin calls (`cors`) for tests in a browser.
 */
export interface PyroscopeTestServerOptions extends ConnectHandlerOptions {
  /** Hold each answer back this long (per procedure when a function). */
  delayMs?: number | ((procedure: string) => number);
  /** Answer preflights and add `Access-Control-Allow-Origin: *`, as a proxy allowing CORS would. */
  cors?: boolean;
}

export interface RecordedRequest {
  procedure: string | undefined;
  path: string;
  headers: Record<string, string | undefined>;
  body: unknown;
  /** True when the client went away before the answer was sent (an aborted request). */
  closedEarly: boolean;
  status?: number;
}

export interface PyroscopeTestServer {
  url: string;
  requests: RecordedRequest[];
  /** Answers the next `count` requests with this instead (a status and a raw body). */
  failNext(response: ConnectResponse, count?: number): void;
  setDelay(delayMs: PyroscopeTestServerOptions['delayMs']): void;
  close(): Promise<void>;
}

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST',
  'access-control-allow-headers':
    'content-type, connect-protocol-version, connect-timeout-ms, x-scope-orgid, authorization, x-grafana-org-id',
  'access-control-max-age': '600',
};

export async function startPyroscopeTestServer(
  options: PyroscopeTestServerOptions,
): Promise<PyroscopeTestServer> {
  const requests: RecordedRequest[] = [];
  const failures: ConnectResponse[] = [];
  let delay = options.delayMs;
  const server = createServer((request, response) => {
    void serve(request, response);
  });

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (options.cors && request.method === 'OPTIONS') {
      response.writeHead(204, CORS_HEADERS).end();
      return;
    }
    const body = await readBody(request);
    const path = request.url ?? '/';
    const procedure = procedureOf(options, path);
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [
        name,
        Array.isArray(value) ? value.join(', ') : value,
      ]),
    );
    const record: RecordedRequest = {
      procedure,
      path,
      headers,
      body: parseOrText(body),
      closedEarly: false,
    };
    requests.push(record);
    response.on('close', () => {
      if (!response.writableFinished) record.closedEarly = true;
    });
    const wait = typeof delay === 'function' ? delay(procedure ?? '') : (delay ?? 0);
    if (wait > 0) await new Promise((done) => setTimeout(done, wait));
    if (record.closedEarly || response.destroyed) return;
    const answer =
      failures.shift() ??
      handleConnectRequest(options, { method: request.method ?? 'GET', path, headers, body });
    record.status = answer.status;
    let payload: Buffer = Buffer.from(answer.body, 'utf8');
    const answerHeaders: Record<string, string> = {
      ...answer.headers,
      ...(options.cors && { 'access-control-allow-origin': '*' }),
    };
    if (payload.length > 1024 && /\bgzip\b/.test(headers['accept-encoding'] ?? '')) {
      payload = gzipSync(payload);
      answerHeaders['content-encoding'] = 'gzip';
    }
    answerHeaders['content-length'] = String(payload.length);
    response.writeHead(answer.status, answerHeaders).end(payload);
  }

  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${options.pathPrefix ?? ''}`,
    requests,
    failNext(response, count = 1) {
      for (let k = 0; k < count; k++) failures.push(response);
    },
    setDelay(delayMs) {
      delay = delayMs;
    },
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseOrText(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}
