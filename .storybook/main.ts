import type { StorybookConfig } from '@storybook/react-vite';

// Stories read the real profiles in tests/fixtures/profiles, served at /fixtures/.
const config: StorybookConfig = {
  framework: { name: '@storybook/react-vite', options: {} },
  stories: ['../stories/**/*.stories.tsx'],
  staticDirs: [{ from: '../tests/fixtures/profiles', to: '/fixtures' }],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  typescript: { reactDocgen: false },
};

export default config;
