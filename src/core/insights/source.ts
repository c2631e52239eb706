import type { SourceRepository } from '../model/profile';

/**
 * Where the source of a profiled function lives, and how a host hands its text to flamekit.
 * flamekit fetches nothing itself: a host that can read the code (a local checkout, an API with a
 * token, a public raw URL from {@link sourceUrls}) implements {@link SourceProvider}.
 */

/** What a {@link SourceProvider} is asked for: one file of one repository (when known). */
export interface SourceRequest {
  repository?: SourceRepository;
  /** The file as the profile names it (often a build path, not one relative to the repository). */
  file: string;
  /** The function the file is wanted for, for providers that search by symbol. */
  functionName: string;
}

/**
 * A host's access to source code. Resolves to the file's whole text, or `undefined` when the file
 * cannot be found (the view then shows the numbers alone); rejects when fetching failed in a way a
 * person should see. Cancelling `signal` should abort the fetch.
 */
export interface SourceProvider {
  fetchSource(request: SourceRequest, signal?: AbortSignal): Promise<string | undefined>;
}

interface HostedRepository {
  kind: 'github' | 'gitlab';
  /** `https://host[:port]`. */
  origin: string;
  host: string;
  /** `org/repo`; GitLab projects may have subgroups, `group/sub/repo`. */
  project: string;
  /** {@link project} URL-encoded, for building URLs. */
  projectInUrl: string;
}

/**
 * The raw-text URL of a file and the web page that shows it (at `line`, when given), for GitHub
 * (`github.com`) and GitLab (`gitlab.com`, or any self-hosted host with "gitlab" in its name);
 * `undefined` for other hosts and for paths that cannot be placed in the repository.
 *
 * - The repository may be `https://host/org/repo(.git)`, `git@host:org/repo.git`,
 *   `ssh://git@host[:port]/org/repo.git` or `host/org/repo` (a Go module path).
 * - The ref defaults to `HEAD`, the default branch.
 * - `path` is placed in the repository thus: a path containing the repository's own
 *   `host/org/repo/` (a Go file of the module) is taken after it; otherwise a relative path is
 *   joined to `rootPath`. An absolute build path (`/home/ci/work/...`) says nothing about where
 *   the file is in the repository: `undefined`. So does a `..` that leaves the repository.
 * - Path segments and the ref's are URL-encoded, so `#`, `?` and spaces in names survive.
 *
 * ```ts
 * sourceUrls({ url: 'git@github.com:org/repo.git', ref: 'v1.2' }, 'pkg/a.go', 12)
 * // { raw: 'https://raw.githubusercontent.com/org/repo/v1.2/pkg/a.go',
 * //   blob: 'https://github.com/org/repo/blob/v1.2/pkg/a.go#L12' }
 * ```
 */
export function sourceUrls(
  repository: SourceRepository,
  path: string,
  line?: number,
): { raw: string; blob: string } | undefined {
  const hosted = parseRepositoryUrl(repository.url);
  if (!hosted) return undefined;
  const segments = repositoryPath(hosted, repository.rootPath, path);
  if (!segments || segments.length === 0) return undefined;
  const file = segments.map(encodeURIComponent).join('/');
  const ref = (repository.ref ?? 'HEAD').split('/').map(encodeURIComponent).join('/');
  const anchor = line !== undefined && Number.isInteger(line) && line > 0 ? `#L${line}` : '';
  if (hosted.kind === 'github') {
    return {
      raw: `https://raw.githubusercontent.com/${hosted.projectInUrl}/${ref}/${file}`,
      blob: `${hosted.origin}/${hosted.projectInUrl}/blob/${ref}/${file}${anchor}`,
    };
  }
  return {
    raw: `${hosted.origin}/${hosted.projectInUrl}/-/raw/${ref}/${file}`,
    blob: `${hosted.origin}/${hosted.projectInUrl}/-/blob/${ref}/${file}${anchor}`,
  };
}

function parseRepositoryUrl(text: string): HostedRepository | undefined {
  let url = text.trim().replace(/^git\+/, '');
  // scp-like ssh: git@host:org/repo.git (no scheme, a colon before the path).
  const scp = /^[\w.-]+@([\w.-]+):(?!\d+\/)\/?(.*)$/.exec(url);
  if (scp) url = `https://${scp[1]}/${scp[2]}`;
  else if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) url = `https://${url}`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const host = parsed.hostname.toLowerCase().replace(/^www\./, '');
  const kind = host === 'github.com' ? 'github' : host.includes('gitlab') ? 'gitlab' : undefined;
  if (!kind) return undefined;
  // The web origin: an ssh port is not the web server's; plain http only for a self-hosted GitLab.
  const scheme = kind === 'gitlab' && parsed.protocol === 'http:' ? 'http' : 'https';
  const port = parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.port : '';
  const origin = `${scheme}://${host}${port ? `:${port}` : ''}`;
  let parts = parsed.pathname.split('/').filter((part) => part !== '');
  // A link into the web UI (`/org/repo/tree/main`, `/group/repo/-/tree/main`) names the project first.
  const dash = parts.indexOf('-');
  if (kind === 'gitlab' && dash >= 0) parts = parts.slice(0, dash);
  if (kind === 'github') parts = parts.slice(0, 2);
  if (parts.length > 0) parts[parts.length - 1] = parts[parts.length - 1].replace(/\.git$/, '');
  parts = parts.map(safeDecode);
  if (parts.length < 2 || parts.some((part) => part === '' || part === '.' || part === '..'))
    return undefined;
  return {
    kind,
    origin,
    host,
    project: parts.join('/'),
    projectInUrl: parts.map(encodeURIComponent).join('/'),
  };
}

/** The file's path segments inside the repository, or `undefined` when it cannot be placed. */
function repositoryPath(
  hosted: HostedRepository,
  rootPath: string | undefined,
  path: string,
): string[] | undefined {
  const normalized = path.replace(/\\/g, '/');
  const modulePrefix = `${hosted.host}/${hosted.project}/`;
  const at = normalized.indexOf(modulePrefix);
  if (at === 0 || (at > 0 && normalized[at - 1] === '/'))
    return resolveSegments(normalized.slice(at + modulePrefix.length));
  if (/^(\/|[a-z]:\/)/i.test(normalized)) return undefined;
  return resolveSegments(`${(rootPath ?? '').replace(/\\/g, '/')}/${normalized}`);
}

/** Splits a path into segments, resolving `.` and `..`; `undefined` if it climbs out. */
function resolveSegments(path: string): string[] | undefined {
  const segments: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (segments.length === 0) return undefined;
      segments.pop();
    } else segments.push(part);
  }
  return segments;
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
