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
  /** Stops listening (and terminates the worker when it is one). Pending imports reject. */
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
  worker.addEventListener('message', listener);
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
        worker.postMessage(request, transfer);
      });
    },
    dispose() {
      worker.removeEventListener('message', listener);
      worker.terminate?.();
      for (const request of pending.values())
        request.reject(
          new FlamekitError(
            'invalid-argument',
            'the profile importer was disposed before the import finished',
          ),
        );
      pending.clear();
    },
  };
}
