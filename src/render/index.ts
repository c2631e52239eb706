// flamekit/render: the framework-free canvas layer. Imports core and DOM types, never React.
export { lightTheme, darkTheme } from './theme';
export type { FlameGraphTheme } from './theme';
