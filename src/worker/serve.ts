import { importProfile, isFlamekitError, serializeProfile, transferablesOf } from '../core/index';
import type { ImportReply, ImportRequest, MessageEndpoint } from './protocol';

/**
 * Answers import requests on `endpoint` (a worker's `self`): imports the profile, reports progress,
 * builds the default sample type's tree, and sends the result back with its typed arrays
 * transferred, not copied.
 */
export function serveProfileImports(endpoint: MessageEndpoint): void {
  endpoint.addEventListener('message', (event: MessageEvent) => {
    const request = event.data as ImportRequest;
    if (request?.kind !== 'import') return;
    const reply = (message: ImportReply, transfer: Transferable[] = []) =>
      endpoint.postMessage(message, transfer);
    try {
      const profile = importProfile(request.input, {
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
  });
  endpoint.start?.();
}
