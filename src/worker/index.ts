// flamekit/worker: import profiles in a Web Worker. Imports core only.
export { createProfileImporter } from './client';
export type { ImportWorker, ProfileImporter, WorkerImportOptions } from './client';
export { createDefaultProfileImporter } from './default-importer';
export { serveProfileImports } from './serve';
export type { MessageEndpoint, ImportReply, ImportRequest } from './protocol';
