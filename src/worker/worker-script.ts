// flamekit/worker-script: the script a Worker runs. `new Worker(new URL('flamekit/worker-script',
// import.meta.url), { type: 'module' })`, then createProfileImporter(worker) on the main thread.
import type { MessageEndpoint } from './protocol';
import { serveProfileImports } from './serve';

serveProfileImports(self as unknown as MessageEndpoint);
