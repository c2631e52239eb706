import { ProfileStore } from './profiles';
import { decodeMessage, ProtoJsonError, SCHEMAS } from './protojson';
import { answerQuery, QuerierError } from './querier';

/**
 * The Connect protocol's unary JSON calls of querier.v1.QuerierService, apart from any transport:
 * the test's HTTP server and the in-page fetch of stories both call {@link handleConnectRequest}.
 * It answers as connect-go does: 415 for a Content-Type other than JSON, 405 for a method other
 * than POST, 404 for an unknown path, and errors as JSON `{ code, message }` with the HTTP status
 * of their code; a missing tenant as Pyroscope's auth middleware does (401, `unauthenticated`).
 */
export interface ConnectHandlerOptions {
  /** The profiles; by tenant when `multiTenant`. */
  store: ProfileStore | Readonly<Record<string, ProfileStore>>;
  /** Require `X-Scope-OrgID` and answer from that tenant's store (an unknown tenant has none). */
  multiTenant?: boolean;
  /** Where the API is mounted, such as a Grafana data-source proxy path. Default `''`. */
  pathPrefix?: string;
  /** Headers every request must carry (an Authorization a proxy checks), else 401. */
  requiredHeaders?: Readonly<Record<string, string>>;
}

export interface ConnectRequest {
  method: string;
  path: string;
  /** Lower-case names. */
  headers: Readonly<Record<string, string | undefined>>;
  body: string;
}

export interface ConnectResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const SERVICE_PATH = '/querier.v1.QuerierService/';

const STATUS_OF_CODE: Record<string, number> = {
  canceled: 499,
  unknown: 500,
  invalid_argument: 400,
  deadline_exceeded: 504,
  not_found: 404,
  already_exists: 409,
  permission_denied: 403,
  resource_exhausted: 429,
  failed_precondition: 400,
  aborted: 409,
  out_of_range: 400,
  unimplemented: 501,
  internal: 500,
  unavailable: 503,
  data_loss: 500,
  unauthenticated: 401,
};

export function connectError(code: string, message: string): ConnectResponse {
  return {
    status: STATUS_OF_CODE[code] ?? 500,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, message }),
  };
}

/** The procedure a path names (`SelectSeries`), or undefined when it is not under the service. */
export function procedureOf(options: ConnectHandlerOptions, path: string): string | undefined {
  const prefix = (options.pathPrefix ?? '') + SERVICE_PATH;
  const bare = path.replace(/\?.*$/s, '');
  return bare.startsWith(prefix) ? bare.slice(prefix.length) : undefined;
}

export function handleConnectRequest(
  options: ConnectHandlerOptions,
  request: ConnectRequest,
): ConnectResponse {
  const method = procedureOf(options, request.path);
  if (method === undefined || !Object.hasOwn(SCHEMAS, method)) {
    return { status: 404, headers: { 'content-type': 'text/plain' }, body: '404 page not found\n' };
  }
  if (request.method !== 'POST') {
    return { status: 405, headers: { allow: 'POST', 'content-type': 'text/plain' }, body: '' };
  }
  const contentType = (request.headers['content-type'] ?? '').toLowerCase().split(';')[0].trim();
  if (contentType !== 'application/json') {
    return {
      status: 415,
      headers: { 'accept-post': 'application/json, application/proto' },
      body: '',
    };
  }
  for (const [name, value] of Object.entries(options.requiredHeaders ?? {})) {
    if (request.headers[name.toLowerCase()] !== value) {
      return { status: 401, headers: { 'content-type': 'text/plain' }, body: 'Unauthorized\n' };
    }
  }
  let store: ProfileStore;
  if (options.multiTenant) {
    const tenant = request.headers['x-scope-orgid'];
    if (!tenant) return connectError('unauthenticated', 'no org id');
    const stores = options.store as Readonly<Record<string, ProfileStore>>;
    store = Object.hasOwn(stores, tenant) ? stores[tenant] : new ProfileStore();
  } else {
    store = options.store as ProfileStore;
  }
  let json: unknown;
  try {
    json = JSON.parse(request.body === '' ? '{}' : request.body);
  } catch (error) {
    return connectError(
      'invalid_argument',
      `unmarshal into ${SCHEMAS[method].name}: ${String(error)}`,
    );
  }
  try {
    const decoded = decodeMessage(json, SCHEMAS[method]);
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(answerQuery(store, method, decoded)),
    };
  } catch (error) {
    if (error instanceof ProtoJsonError) {
      return connectError(
        'invalid_argument',
        `unmarshal into ${SCHEMAS[method].name}: ${error.message}`,
      );
    }
    if (error instanceof QuerierError) return connectError(error.code, error.message);
    return connectError('internal', String(error));
  }
}
