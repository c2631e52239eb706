import type { Preview } from '@storybook/react-vite';

const preview: Preview = {
  // Every component gets a Docs page: its description, a prop table and a live example.
  tags: ['autodocs'],
  parameters: {
    layout: 'padded',
    controls: { expanded: true, sort: 'requiredFirst' },
    // "Show code" shows each story's source as written. The default writes the rendered element
    // out as JSX, props included: a story's profile becomes megabytes of numbers (341 MB for a
    // million samples), sent to the dev server over its WebSocket, which closes on such a message
    // and ends `npm start`.
    docs: { source: { type: 'code' } },
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
