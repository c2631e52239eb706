import { forwardRef, type KeyboardEvent } from 'react';
import { formatInteger, formatShare, type SearchQuery } from '../core/index';
import { buttonStyle, inputStyle, themeColor } from './styles';

export interface SearchBarProps {
  query: SearchQuery;
  onQueryChange: (query: SearchQuery) => void;
  matchCount: number;
  share: number;
  error?: string;
  /** Previous and next match; without it the bar has no step buttons. */
  onStep?: (direction: 1 | -1) => void;
  /** Whether the bar may wrap onto a second line when narrow. Default true; a toolbar kept in one row says false. */
  wrap?: boolean;
}

/** Search with a mode, a case toggle, the match count and share, and next/previous. */
export const SearchBar = forwardRef<HTMLInputElement, SearchBarProps>(function SearchBar(
  { query, onQueryChange, matchCount, share, error, onStep, wrap = true },
  ref,
) {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter') {
      onStep?.(event.shiftKey ? -1 : 1);
      event.preventDefault();
    } else if (event.key === 'Escape') {
      onQueryChange({ ...query, text: '' });
      event.preventDefault();
    }
  };
  const status =
    error ??
    (query.text
      ? `${formatInteger(matchCount)} ${matchCount === 1 ? 'match' : 'matches'} · ${formatShare(share)}`
      : '');
  return (
    <div
      role="search"
      style={{
        display: 'flex',
        gap: 4,
        alignItems: 'center',
        flexWrap: wrap ? 'wrap' : 'nowrap',
        minWidth: 0,
      }}
    >
      <input
        ref={ref}
        type="search"
        aria-label="Search functions"
        placeholder="Search functions ( / )"
        value={query.text}
        onChange={(event) => onQueryChange({ ...query, text: event.target.value })}
        onKeyDown={onKeyDown}
        style={{ ...inputStyle, flex: '1 1 6rem', minWidth: '6rem' }}
      />
      <select
        aria-label="Search mode"
        value={query.mode}
        onChange={(event) =>
          onQueryChange({ ...query, mode: event.target.value as SearchQuery['mode'] })
        }
        style={{ ...inputStyle, flex: 'none' }}
      >
        <option value="substring">contains</option>
        <option value="regex">regex</option>
        <option value="exact">exact</option>
      </select>
      <button
        type="button"
        aria-pressed={query.caseSensitive === true}
        title="Match case"
        onClick={() => onQueryChange({ ...query, caseSensitive: !query.caseSensitive })}
        style={buttonStyle}
      >
        Aa
      </button>
      {onStep && (
        <>
          <button
            type="button"
            aria-label="Previous match"
            disabled={matchCount === 0}
            onClick={() => onStep(-1)}
            style={buttonStyle}
          >
            ↑
          </button>
          <button
            type="button"
            aria-label="Next match"
            disabled={matchCount === 0}
            onClick={() => onStep(1)}
            style={buttonStyle}
          >
            ↓
          </button>
        </>
      )}
      {/* A width of its own, whatever it says, so that typing never moves the controls after
          it; a longer message (a regex error) is cut, and whole in its title. */}
      <span
        role="status"
        aria-live="polite"
        data-flamekit="search-status"
        title={status || undefined}
        style={{
          color: error ? themeColor.error : themeColor.muted,
          flex: '0 0 9.5rem',
          width: '9.5rem',
          minWidth: 0,
          whiteSpace: 'nowrap',
          overflow: 'hidden',
          textOverflow: 'ellipsis',
        }}
      >
        {status}
      </span>
    </div>
  );
});
