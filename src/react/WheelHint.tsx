import { useEffect, useState, type CSSProperties } from 'react';
import { themeColor } from './styles';

const HINT_MILLISECONDS = 2500;

/**
 * Whether the wheel hint shows, and a setter: shown, it hides itself after a few seconds, as the
 * "use ctrl + scroll to zoom" notes of embedded maps do.
 */
export function useWheelHint(): [boolean, (shown: boolean) => void] {
  const [hint, setHint] = useState(false);
  useEffect(() => {
    if (!hint) return;
    const timer = setTimeout(() => setHint(false), HINT_MILLISECONDS);
    return () => clearTimeout(timer);
  }, [hint]);
  return [hint, setHint];
}

/** The hint a plain wheel over the graph gets the first time: how to zoom and pan instead. */
export function WheelHint() {
  return (
    <div data-flamekit="wheel-hint" role="status" style={hintStyle}>
      {zoomModifier()} + scroll to zoom · Shift + scroll to pan
    </div>
  );
}

const hintStyle: CSSProperties = {
  position: 'absolute',
  top: 8,
  left: '50%',
  transform: 'translateX(-50%)',
  padding: '4px 10px',
  borderRadius: 6,
  background: themeColor.fg,
  color: themeColor.bg,
  opacity: 0.9,
  pointerEvents: 'none',
  whiteSpace: 'nowrap',
  maxWidth: '90%',
  overflow: 'hidden',
  textOverflow: 'ellipsis',
};

/** The key that turns a wheel into a zoom, as the platform names it. */
function zoomModifier(): string {
  const platform = typeof navigator === 'undefined' ? '' : navigator.platform;
  return /Mac|iPhone|iPad/.test(platform) ? '⌘' : 'Ctrl';
}
