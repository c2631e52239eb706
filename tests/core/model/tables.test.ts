import { describe, expect, it } from 'vitest';
import { FlamekitError, FrameTable, StringTable } from '../../../src/core';
import { catchError } from '../../helpers/catch-error';

describe('StringTable', () => {
  it('interns each string once, including names that are Object.prototype keys', () => {
    const strings = new StringTable();
    const names = [
      'main',
      '__proto__',
      'constructor',
      'toString',
      'main',
      '<img src=x onerror=alert(1)>',
    ];
    const ids = names.map((name) => strings.intern(name));
    expect(ids).toEqual([0, 1, 2, 3, 0, 4]);
    expect(strings.size).toBe(5);
    expect(ids.map((id) => strings.get(id))).toEqual(names);
    expect(strings.find('absent')).toBe(-1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a trusted table finds its strings and interns new ones after them', () => {
    const strings = StringTable.trusted(['main', '__proto__', 'run']);
    expect(strings.size).toBe(3);
    expect(strings.get(1)).toBe('__proto__');
    expect(strings.find('run')).toBe(2);
    expect(strings.intern('main')).toBe(0);
    expect(strings.intern('new')).toBe(3);
    expect(strings.toArray()).toEqual(['main', '__proto__', 'run', 'new']);
  });

  it('throws the library error for an unknown id', () => {
    expect((catchError(() => new StringTable().get(0)) as FlamekitError).code).toBe(
      'invalid-argument',
    );
  });
});

describe('FrameTable', () => {
  it('interns frames by all of name, file, line and module', () => {
    const frames = new FrameTable();
    const plain = frames.internName('f');
    expect(frames.intern({ name: 'f' })).toBe(plain);
    const inFile = frames.intern({ name: 'f', file: 'a.go' });
    const atLine = frames.intern({ name: 'f', file: 'a.go', line: 10 });
    const inModule = frames.intern({ name: 'f', module: 'libc.so' });
    expect(new Set([plain, inFile, atLine, inModule]).size).toBe(4);
    expect(frames.intern({ name: 'f', file: 'a.go', line: 10 })).toBe(atLine);
    expect(frames.get(atLine)).toEqual({ name: 'f', file: 'a.go', line: 10 });
    expect(frames.get(inModule)).toEqual({ name: 'f', module: 'libc.so' });
    expect(frames.line(plain)).toBeUndefined();
    expect(frames.strings.size).toBe(3);
  });

  it('a trusted table interns to its own frames, then appends', () => {
    const built = new FrameTable();
    const frames = [
      { name: 'f' },
      { name: 'f', file: 'a.go' },
      { name: 'f', file: 'a.go', line: 10 },
      { name: 'g', module: 'libc.so' },
    ];
    for (const frame of frames) built.intern(frame);
    const trusted = FrameTable.trusted(
      StringTable.trusted(built.strings.toArray()),
      built.columns(),
    );
    expect(trusted.size).toBe(4);
    expect(frames.map((_, f) => trusted.get(f))).toEqual(frames);
    // The lookup is built on first use, from the columns: every frame is found where it is.
    expect(frames.map((frame) => trusted.intern(frame))).toEqual([0, 1, 2, 3]);
    expect(trusted.intern({ name: 'h', file: 'b.go' })).toBe(4);
    expect(trusted.get(4)).toEqual({ name: 'h', file: 'b.go' });
  });

  it('rejects a bad line and unknown ids', () => {
    const frames = new FrameTable();
    expect((catchError(() => frames.intern({ name: 'f', line: -2 })) as FlamekitError).code).toBe(
      'invalid-argument',
    );
    expect((catchError(() => frames.internIds(42)) as FlamekitError).code).toBe('invalid-argument');
    expect(catchError(() => frames.name(0))).toBeInstanceOf(FlamekitError);
  });
});
