import type { ConnectFetch } from '../../../src/core';
import { handleConnectRequest, type ConnectHandlerOptions } from './connect-handler';

/**
 * A `fetch` for the Pyroscope client whose requests the test server's handler answers in the
 * page, without a socket: for stories and tests where no server can run (Storybook, happy-dom).
 * The request and answer are the Connect protocol's all the same. `delayMs` holds each answer
 * back (to show loading states); cancelling rejects with the signal's reason, as `fetch` does.
 */
export function createInPageFetch(options: ConnectHandlerOptions, delayMs = 0): ConnectFetch {
  return (url, init) =>
    new Promise((resolve, reject) => {
      const { signal } = init;
      if (signal.aborted) return reject(signal.reason);
      const answer = () => {
        signal.removeEventListener('abort', onAbort);
        const response = handleConnectRequest(options, {
          method: init.method,
          path: new URL(url, 'http://page.test').pathname,
          headers: Object.fromEntries(
            Object.entries(init.headers).map(([name, value]) => [name.toLowerCase(), value]),
          ),
          body: init.body,
        });
        resolve({
          ok: response.status >= 200 && response.status < 300,
          status: response.status,
          statusText: '',
          headers: { get: (name: string) => response.headers[name.toLowerCase()] ?? null },
          text: async () => response.body,
        });
      };
      const timer = setTimeout(answer, delayMs);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
}
