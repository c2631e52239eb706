import type { Meta, StoryObj } from '@storybook/react-vite';
import { Playground } from './Playground';

const meta: Meta<typeof Playground> = { title: 'Playground', component: Playground };
export default meta;

export const OpenAFile: StoryObj<typeof Playground> = {};
