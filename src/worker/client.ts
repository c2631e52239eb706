import {
  FlamekitError,
  deserializeProfile,
  type ImportOptions,
  type Profile,
  type ProfileInput,
} from '../core/index';
import type { ImportReply, ImportRequest, MessageEndpoint } from './protocol';

export interface WorkerImportOptions extends ImportOptions {
  /**
   * Move the input's buffer to the worker instead of copying it (the caller's array becomes
   * empty). Saves a copy of a large file. Default false.
   */
  transferInput?: boolean;
}

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
 */
export function createProfileImporter(
  worker: MessageEndpoint & { terminate?(): void },
): ProfileImporter {
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
    pending.delete(reply.id);
    if (reply.kind === 'done') {
      try {
        request.resolve(deserializeProfile(reply.payload));
      } catch (error) {
        request.reject(error);
      }
    } else {
      const { code, reason, format, position } = reply.error;
      request.reject(new FlamekitError(code, reason, { format, position }));
    }
  };
  /** Rejects every pending import: the worker cannot answer them any more. */
  const failAll = (reason: string) => {
    for (const request of pending.values())
      request.reject(new FlamekitError('worker-error', reason));
    pending.clear();
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
  const events = worker as unknown as Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  worker.addEventListener('message', listener);
  events.addEventListener('error', onError);
  events.addEventListener('messageerror', onMessageError);
  events.addEventListener('close', onClose);
  worker.start?.();
  return {
    importProfile(input, options = {}) {
      const id = nextId++;
      const { onProgress, transferInput, ...rest } = options;
      const request: ImportRequest = {
        kind: 'import',
        id,
        input,
        options: rest,
        wantsProgress: onProgress !== undefined,
      };
      const transfer =
        transferInput && typeof input !== 'string'
          ? [input instanceof ArrayBuffer ? input : (input.buffer as ArrayBuffer)]
          : [];
      return new Promise<Profile>((resolve, reject) => {
        pending.set(id, { resolve, reject, options });
        try {
          worker.postMessage(request, transfer);
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
      worker.removeEventListener('message', listener);
      events.removeEventListener('error', onError);
      events.removeEventListener('messageerror', onMessageError);
      events.removeEventListener('close', onClose);
      worker.terminate?.();
      failAll('the profile importer was disposed before the import finished');
    },
  };
}
