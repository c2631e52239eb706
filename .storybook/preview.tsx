import type { Preview } from '@storybook/react-vite';

const preview: Preview = {
  // Every component gets a Docs page: its description, a prop table and a live example.
  tags: ['autodocs'],
  parameters: {
    layout: 'padded',
    controls: { expanded: true, sort: 'requiredFirst' },
    // The explorer first: a real service's profile is what a visitor should see first.
    options: {
      storySort: {
        order: [
          'ProfileExplorer',
          'FlameGraph',
          'FlameChart',
          'SandwichView',
          'TopTable',
          'CallTree',
          'DiffFlameGraph',
          'SeriesExplorer',
          'Timeline',
          'LabelFilter',
          'Insights',
          'Playground',
        ],
      },
    },
  },
};

export default preview;
