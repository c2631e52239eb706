import {
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type RefObject,
} from 'react';
import { panelStyle } from './styles';

export interface ContextMenuItem {
  label: string;
  onSelect: () => void;
  disabled?: boolean;
}

export interface ContextMenuProps {
  items: ContextMenuItem[];
  x: number;
  y: number;
  onClose: () => void;
  label: string;
  /** The button that opens the menu: a press on it is not "a click away" (it toggles instead). */
  trigger?: RefObject<HTMLElement | null>;
}

/** A small menu at the pointer (or the selected box), keyboard-operable, closed by Escape or a click away. */
export function ContextMenu({ items, x, y, onClose, label, trigger }: ContextMenuProps) {
  const menu = useRef<HTMLDivElement>(null);
  // As wide as its longest item; moved left when that would cross the page's right edge.
  const [shift, setShift] = useState(0);
  useLayoutEffect(() => {
    const element = menu.current;
    if (!element) return;
    const room = document.documentElement.clientWidth - 8;
    const right = element.getBoundingClientRect().right - shift;
    setShift(right > room ? room - right : 0);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- measured where it opens
  }, [x, y, items.length]);
  // The latest onClose, so that the effect below runs once: a host that re-renders (a flame
  // graph does on every hover) must not move the focus back to the first item.
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });
  useEffect(() => {
    menu.current?.querySelector<HTMLButtonElement>('button:not([disabled])')?.focus();
    const away = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !trigger?.current?.contains(target)) close.current();
    };
    document.addEventListener('pointerdown', away);
    return () => document.removeEventListener('pointerdown', away);
  }, [trigger]);
  const onKeyDown = (event: KeyboardEvent) => {
    const buttons = [
      ...(menu.current?.querySelectorAll<HTMLButtonElement>('button:not([disabled])') ?? []),
    ];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'Tab') {
      onClose(); // a menu is one stop: Tab leaves it, closed, and the focus moves on as usual
      return;
    }
    if (event.key === 'Escape') onClose();
    else if (event.key === 'Home') buttons[0]?.focus();
    else if (event.key === 'End') buttons.at(-1)?.focus();
    else if (event.key === 'ArrowDown') buttons[(index + 1) % buttons.length]?.focus();
    else if (event.key === 'ArrowUp')
      buttons[(index - 1 + buttons.length) % buttons.length]?.focus();
    else return;
    event.preventDefault();
    event.stopPropagation();
  };
  return (
    <div
      ref={menu}
      role="menu"
      aria-label={label}
      data-flamekit="context-menu"
      onKeyDown={onKeyDown}
      style={{
        ...panelStyle,
        pointerEvents: 'auto',
        left: x,
        top: y,
        transform: shift ? `translateX(${shift}px)` : undefined,
        padding: 4,
        display: 'flex',
        flexDirection: 'column',
        width: 'max-content',
        maxWidth: 'min(480px, calc(100vw - 16px))',
        overflowWrap: 'normal',
      }}
    >
      {items.map((item) => (
        <button
          key={item.label}
          type="button"
          role="menuitem"
          tabIndex={-1}
          disabled={item.disabled}
          onClick={() => {
            onClose();
            item.onSelect();
          }}
          style={{
            font: 'inherit',
            color: 'inherit',
            background: 'transparent',
            border: 0,
            textAlign: 'left',
            // Items are short phrases: one line each, never broken inside a word.
            whiteSpace: 'nowrap',
            overflow: 'hidden',
            textOverflow: 'ellipsis',
            padding: '4px 10px',
            borderRadius: 4,
            cursor: 'pointer',
          }}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}
