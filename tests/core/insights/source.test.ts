import { describe, expect, it } from 'vitest';
import { sourceUrls } from '../../../src/core/insights/source';

describe('sourceUrls', () => {
  const github = {
    raw: 'https://raw.githubusercontent.com/org/repo/v1.2/pkg/a.go',
    blob: 'https://github.com/org/repo/blob/v1.2/pkg/a.go#L12',
  };

  it.each([
    'https://github.com/org/repo',
    'https://github.com/org/repo.git',
    'https://github.com/org/repo/',
    'https://www.github.com/org/repo',
    'http://github.com/org/repo',
    'git@github.com:org/repo.git',
    'ssh://git@github.com/org/repo.git',
    'ssh://git@github.com:22/org/repo',
    'git+https://github.com/org/repo.git',
    'github.com/org/repo',
    'https://user@github.com/org/repo',
    'https://github.com/org/repo/tree/main/pkg',
  ])('reads the GitHub repository %s', (url) => {
    expect(sourceUrls({ url, ref: 'v1.2' }, 'pkg/a.go', 12)).toEqual(github);
  });

  it('reads GitLab, with subgroups, on gitlab.com and self-hosted', () => {
    expect(
      sourceUrls({ url: 'https://gitlab.com/group/sub/app.git', ref: 'main' }, 'a.py', 3),
    ).toEqual({
      raw: 'https://gitlab.com/group/sub/app/-/raw/main/a.py',
      blob: 'https://gitlab.com/group/sub/app/-/blob/main/a.py#L3',
    });
    expect(sourceUrls({ url: 'git@gitlab.example.org:team/app.git' }, 'src/x.rb')).toEqual({
      raw: 'https://gitlab.example.org/team/app/-/raw/HEAD/src/x.rb',
      blob: 'https://gitlab.example.org/team/app/-/blob/HEAD/src/x.rb',
    });
    // A web port is kept, an ssh port is not; a link into the web UI names the project first.
    expect(
      sourceUrls(
        { url: 'https://code.gitlab.internal:8443/team/app/-/tree/dev', ref: 'dev' },
        'f.c',
        1,
      )!.blob,
    ).toBe('https://code.gitlab.internal:8443/team/app/-/blob/dev/f.c#L1');
    expect(sourceUrls({ url: 'http://gitlab.lan/team/app' }, 'f.c')!.raw).toBe(
      'http://gitlab.lan/team/app/-/raw/HEAD/f.c',
    );
    expect(sourceUrls({ url: 'ssh://git@gitlab.com:2222/team/app.git' }, 'f.c')!.raw).toBe(
      'https://gitlab.com/team/app/-/raw/HEAD/f.c',
    );
  });

  it('defaults the ref to HEAD and leaves the anchor out without a valid line', () => {
    const urls = (line?: number) => sourceUrls({ url: 'https://github.com/o/r' }, 'a.go', line)!;
    expect(urls().raw).toBe('https://raw.githubusercontent.com/o/r/HEAD/a.go');
    expect(urls().blob).toBe('https://github.com/o/r/blob/HEAD/a.go');
    expect(urls(0).blob).toBe('https://github.com/o/r/blob/HEAD/a.go');
    expect(urls(2.5).blob).toBe('https://github.com/o/r/blob/HEAD/a.go');
  });

  it('joins rootPath, and places Go module paths inside the repository', () => {
    const repository = {
      url: 'https://github.com/org/repo',
      ref: 'main',
      rootPath: '/services/api/',
    };
    expect(sourceUrls(repository, './handlers/h.go')!.raw).toBe(
      'https://raw.githubusercontent.com/org/repo/main/services/api/handlers/h.go',
    );
    // The module's own path already says where the file is: rootPath is not added again.
    expect(sourceUrls(repository, 'github.com/org/repo/services/api/h.go', 4)!.blob).toBe(
      'https://github.com/org/repo/blob/main/services/api/h.go#L4',
    );
    expect(sourceUrls(repository, '/home/ci/go/pkg/mod/github.com/org/repo/x/y.go')!.raw).toBe(
      'https://raw.githubusercontent.com/org/repo/main/x/y.go',
    );
    // Windows separators.
    expect(sourceUrls({ url: 'https://github.com/o/r' }, 'src\\lib\\m.py')!.raw).toBe(
      'https://raw.githubusercontent.com/o/r/HEAD/src/lib/m.py',
    );
  });

  it('says nothing for paths it cannot place and for unknown hosts', () => {
    const repository = { url: 'https://github.com/org/repo' };
    expect(sourceUrls(repository, '/home/runner/work/repo/main.go')).toBeUndefined();
    expect(sourceUrls(repository, 'C:/build/main.go')).toBeUndefined();
    expect(sourceUrls(repository, '../outside.go')).toBeUndefined();
    expect(sourceUrls(repository, '')).toBeUndefined();
    expect(sourceUrls({ url: 'https://bitbucket.org/org/repo' }, 'a.go')).toBeUndefined();
    expect(sourceUrls({ url: 'https://github.mycorp.com/org/repo' }, 'a.go')).toBeUndefined();
    expect(sourceUrls({ url: 'https://github.com/org' }, 'a.go')).toBeUndefined();
    expect(sourceUrls({ url: 'not a url at all' }, 'a.go')).toBeUndefined();
    expect(sourceUrls({ url: '' }, 'a.go')).toBeUndefined();
  });

  it('URL-encodes path segments and refs, keeping the slashes', () => {
    const urls = sourceUrls(
      { url: 'https://github.com/org/repo', ref: 'feature/a b' },
      'dir with space/a#b?.go',
      7,
    )!;
    expect(urls.raw).toBe(
      'https://raw.githubusercontent.com/org/repo/feature/a%20b/dir%20with%20space/a%23b%3F.go',
    );
    expect(urls.blob).toBe(
      'https://github.com/org/repo/blob/feature/a%20b/dir%20with%20space/a%23b%3F.go#L7',
    );
    // Nothing can break out of the URL: a quote or angle bracket stays encoded.
    expect(sourceUrls({ url: 'https://github.com/o/r' }, '"><x>.go')!.raw).toBe(
      'https://raw.githubusercontent.com/o/r/HEAD/%22%3E%3Cx%3E.go',
    );
  });
});
