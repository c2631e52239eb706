import { describe, expect, it } from 'vitest';
import {
  parseSourceRepository,
  sourceRepositoryFromLabels,
} from '../../../src/core/model/source-repository';

describe('repositories from build ids and labels', () => {
  it('parses the JSON Pyroscope writes in a build id', () => {
    expect(
      parseSourceRepository(
        '{"repository":"https://github.com/o/r","git_ref":"abc","root_path":"x"}',
      ),
    ).toEqual({ url: 'https://github.com/o/r', ref: 'abc', rootPath: 'x' });
    expect(parseSourceRepository(' {"repository":"https://github.com/o/r"} ')).toEqual({
      url: 'https://github.com/o/r',
    });
    expect(parseSourceRepository('9f86d081884c7d659a2feaa0c55ad015')).toBeUndefined();
    expect(parseSourceRepository('{"repository": 3}')).toBeUndefined();
    expect(parseSourceRepository('{not json')).toBeUndefined();
    expect(parseSourceRepository('{"git_ref":"abc"}')).toBeUndefined();
  });

  it('reads the service_* labels, ignoring numeric ones', () => {
    expect(
      sourceRepositoryFromLabels([
        { key: 'service_repository', value: 'https://github.com/o/r' },
        { key: 'service_git_ref', value: 'main' },
        { key: 'service_root_path', value: '' },
        { key: 'other', value: 'x' },
      ]),
    ).toEqual({ url: 'https://github.com/o/r', ref: 'main' });
    expect(sourceRepositoryFromLabels([{ key: 'service_repository', num: 3 }])).toBeUndefined();
    expect(sourceRepositoryFromLabels([])).toBeUndefined();
  });
});
