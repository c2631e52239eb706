import { describe, expect, it } from 'vitest';
import { FlamekitError, importPprof, importProfile, printTree } from '../../../src/core';
import { catchError } from '../../helpers/catch-error';
import { type PprofSpec, writePprof } from '../../helpers/pprof-writer';

describe('pprof edge cases', () => {
  it('expands inlined lines, innermost last in the stack, and reads unpacked fields', () => {
    const bytes = writePprof({
      sampleTypes: [['cpu', 'nanoseconds']],
      // Location 1 is main.a with main.inlined inlined into it; location 2 is main.main.
      locations: [
        [
          ['main.inlined', 7],
          ['main.a', 3],
        ],
        [['main.main', 1]],
      ],
      samples: [
        { locations: [1, 2], values: [5] },
        { locations: [2], values: [2], unpacked: true },
      ],
    });
    expect(printTree(importPprof(bytes).tree())).toBe(
      [
        '- main.main (total 7, self 2)',
        '  - main.a (total 5, self 0)',
        '    - main.inlined (total 5, self 5)',
      ].join('\n'),
    );
  });

  it('reads locations with large, scattered ids, some inlined, in long stacks', () => {
    // Ids far apart are kept in a map rather than an array indexed by id; each sample's stack
    // meets locations for the first time halfway through, as the tables behind them grow.
    const count = 40;
    const names = (k: number) => (k % 5 === 0 ? [`outer${k}`, `inlined${k}`] : [`fn${k}`]);
    const samples = Array.from({ length: 30 }, (_, j) => ({
      locations: Array.from({ length: 10 + (j % 25) }, (_, d) => (j * 7 + d * 3) % count),
      values: [j + 1],
    }));
    const bytes = writePprof({
      sampleTypes: [['cpu', 'nanoseconds']],
      locationIds: Array.from({ length: count }, (_, k) => 5_000_000 + k * 104_729),
      locations: Array.from({ length: count }, (_, k) =>
        names(k)
          .reverse()
          .map((name): [string, number] => [name, 1]),
      ),
      samples: samples.map((sample) => ({
        ...sample,
        locations: sample.locations.map((k) => 5_000_000 + k * 104_729),
      })),
    });
    // The same stacks written as folded lines, root first, outer lines before inlined ones.
    const folded = samples
      .map((sample) => {
        const frames = [...sample.locations].reverse().flatMap(names);
        return `${frames.join(';')} ${sample.values[0]}`;
      })
      .join('\n');
    expect(printTree(importPprof(bytes).tree())).toBe(printTree(importProfile(folded).tree()));
  });

  it('reads negative values and values beyond 2^32 and 2^53 as signed numbers', () => {
    const bytes = writePprof({
      sampleTypes: [['delta', 'bytes']],
      locations: [[['f', 1]], [['g', 1]], [['h', 1]]],
      samples: [
        { locations: [1], values: [-123_456_789_012] },
        { locations: [2], values: [2 ** 40 + 7] },
        { locations: [3], values: [2 ** 60] },
      ],
    });
    const tree = importPprof(bytes).tree();
    const self = (name: string) =>
      tree.self[[...Array(tree.nodeCount).keys()].find((n) => tree.name(n) === name)!];
    expect(self('f')).toBe(-123_456_789_012);
    expect(self('g')).toBe(2 ** 40 + 7);
    expect(self('h')).toBe(2 ** 60);
  });

  it('drops frames matching drop_frames with what they call, unless keep_frames matches', () => {
    const spec: PprofSpec = {
      sampleTypes: [['alloc', 'bytes']],
      locations: [
        [['runtime.mallocgc', 1]],
        [['main.alloc', 1]],
        [['main.main', 1]],
        [['runtime.keepme', 1]],
      ],
      samples: [
        { locations: [1, 2, 3], values: [10] },
        { locations: [4, 3], values: [1] },
      ],
    };
    expect(printTree(importPprof(writePprof({ ...spec, dropFrames: 'runtime\\..*' })).tree())).toBe(
      ['- main.main (total 11, self 1)', '  - main.alloc (total 10, self 10)'].join('\n'),
    );
    expect(
      printTree(
        importPprof(
          writePprof({ ...spec, dropFrames: 'runtime\\..*', keepFrames: 'runtime\\.keepme' }),
        ).tree(),
      ),
    ).toBe(
      [
        '- main.main (total 11, self 0)',
        '  - main.alloc (total 10, self 10)',
        '  - runtime.keepme (total 1, self 1)',
      ].join('\n'),
    );
  });

  it('ignores an invalid drop_frames expression with a warning', () => {
    const profile = importPprof(
      writePprof({
        sampleTypes: [['cpu', 'ns']],
        locations: [[['f', 1]]],
        samples: [{ locations: [1], values: [1] }],
        dropFrames: '(',
      }),
    );
    expect(profile.tree().total[0]).toBe(1);
    expect(profile.warnings[0].code).toBe('invalid-regexp');
  });

  it('keeps label values such as __proto__ and markup as plain data', () => {
    const profile = importProfile(
      writePprof({
        sampleTypes: [['cpu', 'ns']],
        locations: [[['<img src=x onerror=alert(1)>', 1]], [['__proto__', 1]]],
        samples: [
          {
            locations: [1, 2],
            values: [1],
            labels: [
              ['__proto__', 'constructor'],
              ['bytes', 512],
            ],
          },
        ],
      }),
    );
    expect(printTree(profile.tree())).toBe(
      ['- __proto__ (total 1, self 0)', '  - <img src=x onerror=alert(1)> (total 1, self 1)'].join(
        '\n',
      ),
    );
    expect(profile.samples.labelSets[0]).toEqual([
      { key: '__proto__', value: 'constructor' },
      { key: 'bytes', num: 512 },
    ]);
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
  });

  it.each<[string, Omit<PprofSpec, 'sampleTypes'>, RegExp]>([
    [
      'a location',
      { locations: [[['f', 1]]], samples: [{ locations: [9], values: [1] }] },
      /location 9/,
    ],
    [
      'a function',
      {
        locations: [[['!dangling', 1]]],
        samples: [{ locations: [1], values: [1] }],
        extraFunctionId: 77,
      },
      /function 77/,
    ],
    [
      'values',
      { locations: [[['f', 1]]], samples: [{ locations: [1], values: [1, 2] }] },
      /2 values for 1 sample types/,
    ],
  ])('rejects a dangling %s with the library error', (_, spec, message) => {
    const error = catchError(() =>
      importPprof(writePprof({ sampleTypes: [['cpu', 'ns']], ...spec })),
    ) as FlamekitError;
    expect(error).toBeInstanceOf(FlamekitError);
    expect(error.code).toBe('parse-error');
    expect(error.message).toMatch(message);
  });
});
