// flamekit/worker: import profiles in a Web Worker. Imports core only.
export { createProfileImporter } from './client';
export type { ProfileImporter, WorkerImportOptions } from './client';
export { serveProfileImports } from './serve';
export type { MessageEndpoint, ImportReply, ImportRequest } from './protocol';
