import type { StorybookConfig } from '@storybook/react-vite';

// Stories read the real profiles in tests/fixtures/profiles, served at /fixtures/.
const config: StorybookConfig = {
  framework: { name: '@storybook/react-vite', options: {} },
  stories: ['../stories/**/*.stories.tsx'],
  staticDirs: [{ from: '../tests/fixtures/profiles', to: '/fixtures' }],
  // Docs pages (autodocs): each component's description and prop table, read from the source.
  addons: ['@storybook/addon-docs'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  typescript: {
    // The TypeScript compiler reads the props, their doc comments, defaults and union types
    // (so a theme or an orientation gets a select in Controls); React's own props are left out.
    reactDocgen: 'react-docgen-typescript',
    reactDocgenTypescriptOptions: {
      shouldExtractLiteralValuesFromEnum: true,
      shouldRemoveUndefinedFromOptional: true,
      propFilter: (prop) => !prop.parent || !/node_modules/.test(prop.parent.fileName),
      // Only the components: the stories and the core need no prop tables.
      include: ['src/react/**/*.tsx'],
    },
  },
};

export default config;
