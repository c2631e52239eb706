import { describe, expect, it } from 'vitest';
import { FlamekitError, isFlamekitError } from '../../src/core';

describe('FlamekitError', () => {
  it('puts the format and position before the reason', () => {
    const error = new FlamekitError('parse-error', 'the count "x" is not a number', {
      format: 'folded',
      position: { line: 3, column: 9 },
    });
    expect(error.message).toBe('folded at line 3, column 9: the count "x" is not a number');
    expect(error.reason).toBe('the count "x" is not a number');
    expect(error.code).toBe('parse-error');
    expect(error.name).toBe('FlamekitError');
    expect(error).toBeInstanceOf(Error);
    expect(isFlamekitError(error)).toBe(true);
  });

  it('is recognised by name when it comes from another copy of the library', () => {
    const foreign = Object.assign(new Error('x'), { name: 'FlamekitError' });
    expect(isFlamekitError(foreign)).toBe(true);
    expect(isFlamekitError(new TypeError('x'))).toBe(false);
    expect(isFlamekitError(null)).toBe(false);
  });
});
