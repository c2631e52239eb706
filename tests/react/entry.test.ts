import { describe, expect, it } from 'vitest';
import * as core from '../../src/core';
import * as flamekit from '../../src/react';
import * as render from '../../src/render';

describe('the flamekit entry', () => {
  it('re-exports every name of flamekit/core and flamekit/render, as the same objects', () => {
    for (const [name, value] of [...Object.entries(core), ...Object.entries(render)]) {
      expect(flamekit[name as keyof typeof flamekit], name).toBe(value);
    }
  });
});
