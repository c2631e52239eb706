import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useState,
  useSyncExternalStore,
  type CSSProperties,
  type RefObject,
} from 'react';
import { colorToCss } from '../core/index';
import { darkTheme, lightTheme, readCanvasTheme, type FlameGraphTheme } from '../render/index';
import { rootStyle, themeDefaults, themeRootStyle, type ThemeVariable } from './styles';

/**
 * What every component's `theme` takes: `'light'`, `'dark'`, `'system'` (follows the reader's
 * `prefers-color-scheme`, and its changes), or a canvas theme object from `flamekit/render` whose
 * colours also become the HTML's defaults. Without one a component takes the theme of the
 * flamekit component it sits in, else light.
 */
export type ThemeChoice = 'light' | 'dark' | 'system' | FlameGraphTheme;

/** The props that dress a component's root, which every exported component takes. */
export interface ThemedProps {
  theme?: ThemeChoice;
  /** Added to the root element, for a host stylesheet (which can also set `--flamekit-*`). */
  className?: string;
  /** Merged into the root element's style, after flamekit's own. */
  style?: CSSProperties;
}

export interface ResolvedTheme {
  /** False when the component was given no theme: it then inherits its flamekit ancestor's. */
  explicit: boolean;
  palette: 'light' | 'dark';
  /** The canvas theme, before a host stylesheet's variables (see {@link useCanvasTheme}). */
  canvas: FlameGraphTheme;
  /** The values of the CSS variables a host does not set. */
  defaults: Record<ThemeVariable, string>;
}

const DARK_QUERY = '(prefers-color-scheme: dark)';

function subscribeToSystemScheme(onChange: () => void): () => void {
  if (typeof matchMedia !== 'function') return () => {};
  const query = matchMedia(DARK_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}
const systemPrefersDark = () => typeof matchMedia === 'function' && matchMedia(DARK_QUERY).matches;
const noSubscription = () => () => {};
const never = () => false;

/** The theme a component draws with; `'system'` re-renders when the reader's preference changes. */
export function useResolvedTheme(theme: ThemeChoice | undefined): ResolvedTheme {
  const system = theme === 'system';
  const prefersDark = useSyncExternalStore(
    system ? subscribeToSystemScheme : noSubscription,
    system ? systemPrefersDark : never,
    never,
  );
  if (typeof theme === 'object') {
    return {
      explicit: true,
      palette: theme.palette,
      canvas: theme,
      defaults: {
        ...themeDefaults[theme.palette],
        bg: colorToCss(theme.background),
        fg: colorToCss(theme.palette === 'dark' ? theme.lightText : theme.darkText),
        accent: colorToCss(theme.focusOutline),
      },
    };
  }
  const palette = theme === 'dark' || (system && prefersDark) ? 'dark' : 'light';
  return {
    explicit: theme !== undefined,
    palette,
    canvas: palette === 'dark' ? darkTheme : lightTheme,
    defaults: themeDefaults[palette],
  };
}

/**
 * The root element's props: for a component given a theme, the theme's defaults as
 * `--flamekit-default-*` (never the public variables, so that a host's stylesheet wins) and
 * `data-flamekit-theme` for host selectors; then the host's `className` and `style` after
 * flamekit's own.
 */
export function themedRootProps(
  resolved: ResolvedTheme,
  props: ThemedProps,
  base: CSSProperties = rootStyle,
): { className?: string; style: CSSProperties; 'data-flamekit-theme'?: 'light' | 'dark' } {
  if (!resolved.explicit) return { className: props.className, style: { ...base, ...props.style } };
  return {
    className: props.className,
    'data-flamekit-theme': resolved.palette,
    style: { ...base, ...themeRootStyle(resolved.palette, resolved.defaults), ...props.style },
  };
}

/**
 * The canvas theme with the host's `--flamekit-*` variables applied, as they resolve on `root`:
 * read when the theme, class or style change, and again when the page's root or body changes its
 * attributes, a stylesheet comes or goes, or the reader's colour scheme changes (what hosts do to
 * switch themes).
 */
export function useCanvasTheme(
  root: RefObject<HTMLElement | null>,
  resolved: ResolvedTheme,
  props: ThemedProps,
): FlameGraphTheme {
  const base = resolved.canvas;
  const inherited = !resolved.explicit;
  const [theme, setTheme] = useState(base);
  const styleKey = props.style ? JSON.stringify(props.style) : '';
  const read = useCallback(() => {
    const element = root.current;
    const next = element ? readCanvasTheme(element, base, { inherited }) : base;
    setTheme((previous) => (sameTheme(previous, next) ? previous : next));
  }, [root, base, inherited]);
  useLayoutEffect(read, [read, props.className, styleKey]);
  useEffect(() => {
    if (typeof MutationObserver !== 'function' || typeof document === 'undefined') return;
    const observer = new MutationObserver(read);
    observer.observe(document.documentElement, { attributes: true });
    if (document.body) observer.observe(document.body, { attributes: true });
    if (document.head) observer.observe(document.head, { childList: true });
    const stop = subscribeToSystemScheme(read);
    return () => {
      observer.disconnect();
      stop();
    };
  }, [read]);
  return theme;
}

function sameTheme(a: FlameGraphTheme, b: FlameGraphTheme): boolean {
  return (Object.keys(b) as (keyof FlameGraphTheme)[]).every((key) => a[key] === b[key]);
}
