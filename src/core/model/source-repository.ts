import type { Label, SourceRepository } from './profile';

// Where a profile says its source code lives, read while importing (a pprof mapping's build id)
// or from a series' labels. The importers need it, so it sits with the model, below the
// insights that fetch and show the code (insights/source.ts).

/**
 * The repository of a pprof mapping's build id when it is the JSON Pyroscope writes there,
 * `{"repository": "https://github.com/org/repo", "git_ref": "abc123", "root_path": "src"}`;
 * `undefined` for an ordinary build id (a hash) or JSON without a repository string.
 */
export function parseSourceRepository(buildId: string): SourceRepository | undefined {
  const text = buildId.trim();
  if (!text.startsWith('{')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const fields = parsed as Record<string, unknown>;
  return repositoryOf(fields.repository, fields.git_ref, fields.root_path);
}

/**
 * The repository named by the string labels `service_repository`, `service_git_ref` and
 * `service_root_path` (Pyroscope's convention), or `undefined` without `service_repository`.
 */
export function sourceRepositoryFromLabels(labels: readonly Label[]): SourceRepository | undefined {
  const value = (key: string) => labels.find((label) => label.key === key)?.value;
  return repositoryOf(
    value('service_repository'),
    value('service_git_ref'),
    value('service_root_path'),
  );
}

function repositoryOf(url: unknown, ref: unknown, rootPath: unknown): SourceRepository | undefined {
  if (typeof url !== 'string' || url.trim() === '') return undefined;
  const repository: SourceRepository = { url: url.trim() };
  if (typeof ref === 'string' && ref.trim() !== '') repository.ref = ref.trim();
  if (typeof rootPath === 'string' && rootPath.trim() !== '') repository.rootPath = rootPath.trim();
  return repository;
}
