import { describe, expect, it } from 'vitest';
import * as core from '../../src/core';
import * as flamekit from '../../src/react';
import * as render from '../../src/render';

describe('the flamekit entry', () => {
  it('re-exports every name of flamekit/core and flamekit/render, as the same objects', () => {
    for (const [name, value] of [...Object.entries(core), ...Object.entries(render)]) {
      // One documented exception: in `flamekit`, CallTree is the <CallTree> component; the tree
      // model class of that name comes from `flamekit/core`.
      if (name === 'CallTree') continue;
      expect(flamekit[name as keyof typeof flamekit], name).toBe(value);
    }
    expect(flamekit.CallTree).not.toBe(core.CallTree);
    // A component (forwardRef, for its handle), not the model class.
    expect((flamekit.CallTree as unknown as { render?: unknown }).render).toBeTypeOf('function');
  });
});
