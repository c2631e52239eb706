import {
  FlamekitError,
  deserializeProfile,
  type ImportOptions,
  type Profile,
  type ProfileInput,
} from '../core/index';
import { pieceCount, sendPieces, sentInPieces } from './input-pieces';
import type { ImportReply, ImportRequest, MessageEndpoint } from './protocol';

export interface WorkerImportOptions extends ImportOptions {
  /**
   * Move the input's buffer to the worker instead of copying it (the caller's array becomes
   * empty). Saves a copy of a large file. Default false.
   */
  transferInput?: boolean;
  /**
   * Cancels the import: it rejects at once with the signal's reason (as `fetch` does), and an
   * importer that starts its own workers (given a function) stops the worker's work when no
   * other import is waiting on it; the next import starts a fresh worker.
   */
  signal?: AbortSignal;
}

/** A Worker, a worker's `self` or a MessagePort, as {@link createProfileImporter} uses it. */
export type ImportWorker = MessageEndpoint & { terminate?(): void };

export interface ProfileImporter {
  /** Like `importProfile`, on the worker: resolves with the profile, rejects with a FlamekitError. */
  importProfile(input: ProfileInput, options?: WorkerImportOptions): Promise<Profile>;
  /**
   * Stops listening (and terminates the worker when it is one). Pending imports reject with a
   * FlamekitError (`worker-error`), as they do when the worker fails (`error`), a reply cannot be
   * read (`messageerror`) or a port's other end closes (`close`). A Worker terminated directly
   * gives no sign in browsers: terminate it through `dispose`.
   */
  dispose(): void;
}

/**
 * Imports profiles off the main thread. `worker` runs `flamekit/worker-script` (or calls
 * `serveProfileImports(self)` itself):
 *
 * ```ts
 * const worker = new Worker(new URL('flamekit/worker-script', import.meta.url), { type: 'module' });
 * const importer = createProfileImporter(worker);
 * const profile = await importer.importProfile(bytes, { onProgress: (p) => bar.update(p.done / p.total) });
 * ```
 *
 * Given a function that starts a worker instead, the importer starts one at its first import, and
 * a new one after a cancelled import (whose worker it terminates, so its work really stops) or a
 * failed worker.
 */
export function createProfileImporter(
  worker: ImportWorker | (() => ImportWorker),
): ProfileImporter {
  const startWorker = typeof worker === 'function' ? worker : undefined;
  let current: ImportWorker | undefined = typeof worker === 'function' ? undefined : worker;
  let nextId = 1;
  const pending = new Map<
    number,
    {
      resolve: (profile: Profile) => void;
      reject: (error: unknown) => void;
      options: WorkerImportOptions;
    }
  >();
  const listener = (event: MessageEvent) => {
    const reply = event.data as ImportReply;
    const request = pending.get(reply?.id);
    if (!request) return;
    if (reply.kind === 'progress') {
      request.options.onProgress?.(reply.progress);
      return;
    }
    if (reply.kind === 'done') {
      // Reading the reply (the structured clone) is this task's work; checking and assembling a
      // million-node profile is the next one's, so that neither holds the page for long. The
      // import stays pending meanwhile: a cancel or a dispose in between settles it instead.
      setTimeout(() => {
        if (pending.get(reply.id) !== request) return;
        pending.delete(reply.id);
        try {
          request.resolve(deserializeProfile(reply.payload));
        } catch (error) {
          request.reject(error);
        }
      });
      return;
    }
    pending.delete(reply.id);
    const { code, reason, format, position } = reply.error;
    request.reject(new FlamekitError(code, reason, { format, position }));
  };
  /** Rejects every pending import: the worker cannot answer them any more. */
  const failAll = (reason: string) => {
    for (const request of pending.values())
      request.reject(new FlamekitError('worker-error', reason));
    pending.clear();
    // A worker the importer started is of no more use: the next import starts another.
    if (startWorker) stop();
  };
  // A worker whose script failed to load or threw outside an import fires `error`; a reply that
  // cannot be deserialized fires `messageerror`; a MessagePort whose other end closed fires
  // `close` (Node, recent browsers). Without these, pending imports would never settle.
  const onError = (event: Event) => {
    const detail = (event as ErrorEvent).message;
    failAll(
      `the import worker failed${detail ? ` (${detail})` : ''}; check that flamekit/worker-script loads in this page (its URL, the bundler, the Content-Security-Policy)`,
    );
  };
  const onMessageError = () =>
    failAll('a reply from the import worker could not be read (messageerror)');
  const onClose = () => failAll('the import worker stopped before the import finished');
  const eventsOf = (target: ImportWorker) =>
    target as unknown as Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  const listen = (target: ImportWorker) => {
    target.addEventListener('message', listener);
    eventsOf(target).addEventListener('error', onError);
    eventsOf(target).addEventListener('messageerror', onMessageError);
    eventsOf(target).addEventListener('close', onClose);
    target.start?.();
  };
  /** Stops listening to the current worker and terminates it. */
  const stop = () => {
    const target = current;
    current = undefined;
    if (!target) return;
    target.removeEventListener('message', listener);
    eventsOf(target).removeEventListener('error', onError);
    eventsOf(target).removeEventListener('messageerror', onMessageError);
    eventsOf(target).removeEventListener('close', onClose);
    target.terminate?.();
  };
  if (current) listen(current);
  let disposed = false;
  return {
    importProfile(input, options = {}) {
      const id = nextId++;
      const { onProgress, transferInput, signal, ...rest } = options;
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (disposed) {
        return Promise.reject(
          new FlamekitError('worker-error', 'the profile importer was disposed'),
        );
      }
      if (!current && startWorker) {
        try {
          listen((current = startWorker()));
        } catch (error) {
          current = undefined;
          const reason = error instanceof Error ? error.message : String(error);
          return Promise.reject(
            new FlamekitError('worker-error', `the import worker could not start (${reason})`, {
              cause: error,
            }),
          );
        }
      }
      const target = current!;
      const inPieces = sentInPieces(input, transferInput === true);
      const request: ImportRequest = {
        kind: 'import',
        id,
        input: inPieces ? { pieces: pieceCount(input) } : input,
        options: rest,
        wantsProgress: onProgress !== undefined,
      };
      const transfer =
        transferInput && typeof input !== 'string'
          ? [input instanceof ArrayBuffer ? input : (input.buffer as ArrayBuffer)]
          : [];
      return new Promise<Profile>((resolve, reject) => {
        if (signal) {
          const onAbort = () => {
            if (!pending.delete(id)) return;
            reject(signal.reason);
            // Its worker works on nothing else: stop it, so the cancelled import costs no more.
            if (startWorker && pending.size === 0) stop();
            else if (current === target) target.postMessage({ kind: 'cancel', id });
          };
          signal.addEventListener('abort', onAbort, { once: true });
          const settle =
            <T>(then: (value: T) => void) =>
            (value: T) => {
              signal.removeEventListener('abort', onAbort);
              then(value);
            };
          resolve = settle(resolve);
          reject = settle(reject);
        }
        pending.set(id, { resolve, reject, options });
        try {
          target.postMessage(request, transfer);
          if (inPieces)
            void sendPieces(target, id, input, () => !pending.has(id) || current !== target);
        } catch (error) {
          // A DataCloneError: an option (a function, a class instance) cannot cross to a worker.
          pending.delete(id);
          const reason = error instanceof Error ? error.message : String(error);
          reject(
            new FlamekitError(
              'invalid-argument',
              `the import cannot be sent to the worker (${reason}); pass plain data: bytes or text, and options of strings, numbers and booleans (onProgress aside)`,
              { cause: error },
            ),
          );
        }
      });
    },
    dispose() {
      disposed = true;
      stop();
      failAll('the profile importer was disposed before the import finished');
    },
  };
}
