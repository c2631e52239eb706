import {
  importProfile,
  isFlamekitError,
  serializeProfile,
  transferablesOf,
  type ProfileInput,
} from '../core/index';
import { joinPieces } from './input-pieces';
import { gunzipNatively, nativeGunzipInput } from './native-gunzip';
import type { ImportReply, ImportRequest, MessageEndpoint } from './protocol';

/**
 * Answers import requests on `endpoint` (a worker's `self`): imports the profile, reports progress,
 * builds the default sample type's tree, and sends the result back with its typed arrays
 * transferred, not copied.
 */
export function serveProfileImports(endpoint: MessageEndpoint): void {
  // Imports whose input comes in pieces, waiting for the rest.
  const waiting = new Map<
    number,
    { request: ImportRequest & { kind: 'import' }; pieces: (Uint8Array | string)[] }
  >();
  // Imports whose gzip input the platform is decompressing, and those of them cancelled meanwhile.
  const inflating = new Set<number>();
  const cancelled = new Set<number>();
  const serve = (request: ImportRequest & { kind: 'import' }, input: ProfileInput) => {
    const gzipped = nativeGunzipInput(input);
    if (!gzipped) {
      importAndReply(endpoint, request, input);
      return;
    }
    inflating.add(request.id);
    void gunzipNatively(gzipped).then((raw) => {
      inflating.delete(request.id);
      if (cancelled.delete(request.id)) return;
      try {
        importAndReply(endpoint, request, raw ?? input);
      } catch (error) {
        // Out of the promise, so that it reaches the worker's error event as a thrown one would.
        setTimeout(() => {
          throw error;
        });
      }
    });
  };
  endpoint.addEventListener('message', (event: MessageEvent) => {
    const message = event.data as ImportRequest;
    if (message?.kind === 'cancel') {
      waiting.delete(message.id);
      if (inflating.has(message.id)) cancelled.add(message.id);
    }
    if (message?.kind === 'piece') {
      const entry = waiting.get(message.id);
      if (!entry) return;
      entry.pieces.push(message.piece);
      const { pieces } = entry.request.input as { pieces: number };
      if (entry.pieces.length < pieces) return;
      waiting.delete(message.id);
      serve(entry.request, joinPieces(entry.pieces));
    }
    if (message?.kind !== 'import') return;
    const input = message.input;
    if (typeof input === 'object' && 'pieces' in input && !ArrayBuffer.isView(input))
      waiting.set(message.id, { request: message, pieces: [] });
    else serve(message, input as ProfileInput);
  });
  endpoint.start?.();
}

/** Imports one request's input and replies with the profile or the error. */
function importAndReply(
  endpoint: MessageEndpoint,
  request: ImportRequest & { kind: 'import' },
  input: ProfileInput,
): void {
  const reply = (message: ImportReply, transfer: Transferable[] = []) =>
    endpoint.postMessage(message, transfer);
  try {
    const profile = importProfile(input, {
      ...request.options,
      ...(request.wantsProgress && {
        onProgress: (progress) => reply({ kind: 'progress', id: request.id, progress }),
      }),
    });
    // The tree of the default sample type is built here and sent along, so that the page
    // shows it without building it on its own thread. (The reading phase is done.)
    if (request.wantsProgress)
      reply({
        kind: 'progress',
        id: request.id,
        progress: { phase: 'build', done: 0, total: 1 },
      });
    const payload = serializeProfile(profile, { trees: [profile.defaultSampleType] });
    reply({ kind: 'done', id: request.id, payload }, transferablesOf(payload));
  } catch (error) {
    if (isFlamekitError(error)) {
      reply({
        kind: 'error',
        id: request.id,
        error: {
          code: error.code,
          reason: error.reason,
          format: error.format,
          position: error.position,
        },
      });
    } else {
      const reason = error instanceof Error ? error.message : String(error);
      reply({
        kind: 'error',
        id: request.id,
        error: {
          code: 'internal-error',
          reason: `flamekit failed unexpectedly (${reason}); please report it with the file`,
        },
      });
    }
  }
}
