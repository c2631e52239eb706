import type { ArgTypes } from '@storybook/react-vite';

/**
 * Controls a designer tries on every component (the prop tables come from the TypeScript props;
 * these give the union props a radio or a select where the docgen sees an object or a type name).
 */
export const themeControls: Partial<ArgTypes> = {
  theme: {
    control: 'inline-radio',
    options: ['light', 'dark', 'system'],
    description:
      "`'light'`, `'dark'`, `'system'` (the reader's preference, followed live) or a canvas theme object; a host stylesheet's `--flamekit-*` variables win over it.",
  },
  className: { control: 'text' },
  style: { control: 'object' },
};

/** The flame graph's look, for `<FlameGraph>` and `<DiffFlameGraph>`. */
export const graphControls: Partial<ArgTypes> = {
  ...themeControls,
  orientation: { control: 'inline-radio', options: ['flame', 'icicle'] },
  colorScheme: { control: 'inline-radio', options: ['package', 'total', 'self'] },
  textAlign: { control: 'inline-radio', options: ['left', 'right'] },
  labelValue: { control: 'inline-radio', options: ['none', 'share', 'total'] },
  height: { control: 'select', options: ['auto', 200, 320, 480, 640] },
  maxHeight: { control: { type: 'number', min: 100, max: 2000, step: 50 } },
  rowHeight: { control: { type: 'number', min: 12, max: 32, step: 1 } },
};

/** A height the tables take in px. */
export const tableControls: Partial<ArgTypes> = {
  ...themeControls,
  height: { control: { type: 'range', min: 120, max: 800, step: 20 } },
};
