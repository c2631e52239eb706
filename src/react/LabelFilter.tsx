import {
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
  type Ref,
} from 'react';
import { isFlamekitError } from '../core/index';
import {
  compileLabelMatchers,
  formatLabelSelector,
  parseLabelSelector,
  MATCH_OPERATORS,
  type LabelMatcher,
  type MatchOperator,
} from '../core/series/label-matchers';
import type { LabelSummary } from '../core/series/series-types';
import { buttonStyle, inputStyle, rootStyle, themeColor } from './styles';
import { themedRootProps, useResolvedTheme, type ThemedProps } from './use-theme';
import { useControllableState } from './use-controllable-state';

export interface LabelFilterProps extends ThemedProps {
  /** The label names present and their values (from ProfileSeries.labels()). */
  labels: readonly LabelSummary[];
  /** Controlled matchers (with `onChange`); or `defaultMatchers` to let the filter keep them. */
  matchers?: readonly LabelMatcher[];
  defaultMatchers?: readonly LabelMatcher[];
  onChange?: (matchers: LabelMatcher[]) => void;
  /** Labels whose names start with "__" are private (Pyroscope's convention) and hidden unless true. */
  showPrivateLabels?: boolean;
  /** Accessible name of the group; default "Label filter". */
  ariaLabel?: string;
}

const OPERATOR_WORDS: Record<MatchOperator, string> = {
  '=': 'is',
  '!=': 'is not',
  '=~': 'matches regex (whole value)',
  '!~': 'does not match regex',
};

/** More suggestions than this make a datalist slow to open and no easier to pick from. */
const MAX_SUGGESTIONS = 200;
const NO_MATCHERS: readonly LabelMatcher[] = [];
const monospace = 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';
const alertStyle = { flexBasis: '100%', color: themeColor.error, margin: 0 } as const;
const rowStyle = { display: 'flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' } as const;
const chipStyle = {
  display: 'inline-flex',
  alignItems: 'center',
  gap: 2,
  padding: '1px 2px 1px 8px',
  border: `1px solid ${themeColor.border}`,
  borderRadius: 12,
  background: themeColor.panel,
  fontFamily: monospace,
  overflowWrap: 'anywhere',
} as const;

const sameMatcher = (a: LabelMatcher, b: LabelMatcher) =>
  a.name === b.name && a.op === b.op && a.value === b.value;

/** A value as a regular expression matching exactly it (`u` mode allows only these escapes). */
const escapeRegex = (value: string) => value.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');

/**
 * Builds Prometheus-style label matchers (`{service="api", pod=~"api-.*"}`), all of which must hold.
 *
 * - The current matchers are chips, each with a remove button, and "Clear all" removes them all.
 * - The add row picks a label name, an operator and a value. The value is one text field for all
 *   four operators, with the label's values as suggestions (a datalist): a `<select>` could not
 *   take a regular expression, nor `""` (which matches profiles without the label), nor a value
 *   absent from these profiles. For `=~` and `!~` the suggestions are escaped, so that picking
 *   one matches exactly that value. At most 200 suggestions are offered, those containing what was
 *   typed. Enter in the value field adds. A bad regular expression is reported and nothing is
 *   added; an exact duplicate is ignored.
 * - The selector field shows the matchers as text, to copy; edit it and press Enter (or Apply) to
 *   replace the matchers with what it reads. Escape restores it. A selector that does not parse is
 *   reported with its column and the matchers stay as they were.
 *
 * Private labels (names starting with "__") are left out of the name picker unless
 * `showPrivateLabels`; matchers on them still show as chips. Label text is rendered as text.
 */
export function LabelFilter(props: LabelFilterProps) {
  const { labels, showPrivateLabels = false } = props;
  const theme = useResolvedTheme(props.theme);
  const onChange = props.onChange;
  const [matchers, setMatchers] = useControllableState<readonly LabelMatcher[]>(
    props.matchers,
    props.defaultMatchers ?? NO_MATCHERS,
    onChange && ((next) => onChange([...next])),
  );
  const pickable = labels.filter((label) => showPrivateLabels || !label.name.startsWith('__'));
  const [chosenName, setChosenName] = useState<string>();
  // The chosen label may disappear when the labels change: fall back to the first one.
  const name = pickable.some((label) => label.name === chosenName)
    ? chosenName!
    : (pickable[0]?.name ?? '');
  const [op, setOp] = useState<MatchOperator>('=');
  const [value, setValue] = useState('');
  const [addError, setAddError] = useState<string>();
  const suggestionsId = useId();
  const chipList = useRef<HTMLUListElement>(null);
  const nameSelect = useRef<HTMLSelectElement>(null);
  const selectorField = useRef<HTMLInputElement>(null);
  // Removing chips removes the focused button; focus then moves to the chip now in its place, or
  // to the name picker when none is left, rather than falling to the document. Checked on the
  // next render only: a controlling parent may keep the matchers, and the button, as they were.
  const refocus = useRef<{ index: number; before: string }>(undefined);

  useLayoutEffect(() => {
    const pending = refocus.current;
    refocus.current = undefined;
    if (!pending || pending.before === formatLabelSelector(matchers)) return;
    const buttons = chipList.current?.querySelectorAll('button') ?? [];
    const next = buttons[Math.min(pending.index, buttons.length - 1)];
    (next ?? nameSelect.current ?? selectorField.current)?.focus();
  });

  const removeAndRefocus = (next: LabelMatcher[], index: number) => {
    refocus.current = { index, before: formatLabelSelector(matchers) };
    setMatchers(next);
  };

  const add = (event: FormEvent) => {
    event.preventDefault();
    if (!name) return;
    const matcher: LabelMatcher = { name, op, value };
    if (matchers.some((m) => sameMatcher(m, matcher))) return;
    try {
      compileLabelMatchers([matcher]);
    } catch (error) {
      if (!isFlamekitError(error)) throw error;
      setAddError(error.reason);
      return;
    }
    setAddError(undefined);
    setValue('');
    setMatchers([...matchers, matcher]);
  };

  const regex = op === '=~' || op === '!~';
  const values = labels.find((label) => label.name === name)?.values ?? [];
  const suggestions = values
    .map((v) => (regex ? escapeRegex(v) : v))
    .filter((v) => v.includes(value))
    .slice(0, MAX_SUGGESTIONS);
  return (
    <div
      data-flamekit="label-filter"
      role="group"
      aria-label={props.ariaLabel ?? 'Label filter'}
      {...themedRootProps(theme, props, { ...rootStyle, ...rowStyle, flexDirection: 'row' })}
    >
      {matchers.length > 0 && (
        <ul
          ref={chipList}
          aria-label="Filters"
          style={{ ...rowStyle, listStyle: 'none', margin: 0, padding: 0 }}
        >
          {matchers.map((m, index) => (
            <li key={`${index}:${m.name}${m.op}${m.value}`} style={chipStyle}>
              <span>{`${m.name} ${m.op} "${m.value}"`}</span>
              <button
                type="button"
                aria-label={`Remove filter ${m.name} ${m.op} ${m.value}`}
                title="Remove"
                onClick={() =>
                  removeAndRefocus(
                    matchers.filter((_, k) => k !== index),
                    index,
                  )
                }
                style={{ ...buttonStyle, border: 'none', borderRadius: 10, padding: '0 6px' }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {pickable.length === 0 ? (
        <span style={{ color: themeColor.muted }}>No labels in these profiles</span>
      ) : (
        <form
          aria-label="Add a filter"
          onSubmit={add}
          // Any edit of the add row makes its error message stale.
          onChange={() => setAddError(undefined)}
          style={rowStyle}
        >
          <select
            ref={nameSelect}
            aria-label="Label name"
            value={name}
            onChange={(event) => setChosenName(event.target.value)}
            style={inputStyle}
          >
            {pickable.map((label) => (
              <option key={label.name} value={label.name}>
                {label.name}
              </option>
            ))}
          </select>
          <select
            aria-label="Operator"
            title={OPERATOR_WORDS[op]}
            value={op}
            onChange={(event) => setOp(event.target.value as MatchOperator)}
            style={{ ...inputStyle, fontFamily: monospace }}
          >
            {MATCH_OPERATORS.map((o) => (
              <option
                key={o}
                value={o}
                title={OPERATOR_WORDS[o]}
                aria-label={`${o} ${OPERATOR_WORDS[o]}`}
              >
                {o}
              </option>
            ))}
          </select>
          <input
            aria-label="Label value"
            placeholder={regex ? 'regular expression' : 'value'}
            list={suggestionsId}
            value={value}
            onChange={(event) => setValue(event.target.value)}
            style={{ ...inputStyle, width: '12rem' }}
          />
          <datalist id={suggestionsId}>
            {suggestions.map((v) => (
              <option key={v} value={v} />
            ))}
          </datalist>
          <button type="submit" style={buttonStyle}>
            Add
          </button>
        </form>
      )}
      {matchers.length > 0 && (
        <button type="button" onClick={() => removeAndRefocus([], 0)} style={buttonStyle}>
          Clear all
        </button>
      )}
      {addError !== undefined && (
        <p role="alert" style={alertStyle}>
          {addError}
        </p>
      )}
      <SelectorField ref={selectorField} matchers={matchers} onApply={setMatchers} />
    </div>
  );
}

/** The matchers as selector text, which can be edited and applied with Enter. */
function SelectorField({
  ref,
  matchers,
  onApply,
}: {
  ref: Ref<HTMLInputElement>;
  matchers: readonly LabelMatcher[];
  onApply: (matchers: LabelMatcher[]) => void;
}) {
  const formatted = formatLabelSelector(matchers);
  // Undefined while not edited, so that the field follows the matchers as they change.
  const [draft, setDraft] = useState<string>();
  const [error, setError] = useState<string>();
  const errorId = useId();

  const apply = (event: FormEvent | KeyboardEvent) => {
    event.preventDefault();
    if (draft === undefined) return;
    let parsed: LabelMatcher[];
    try {
      parsed = parseLabelSelector(draft);
    } catch (caught) {
      if (!isFlamekitError(caught)) throw caught;
      const column = caught.position?.column;
      setError(column === undefined ? caught.reason : `Column ${column}: ${caught.reason}`);
      return;
    }
    setDraft(undefined);
    setError(undefined);
    if (formatLabelSelector(parsed) !== formatted) onApply(parsed);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    // Enter is handled here, not left to the form's implicit submission, so that it applies
    // whether or not the Apply button is shown.
    if (event.key === 'Enter') return apply(event);
    if (event.key !== 'Escape' || draft === undefined) return;
    setDraft(undefined);
    setError(undefined);
    event.preventDefault();
  };

  return (
    <form aria-label="Label selector" onSubmit={apply} style={{ ...rowStyle, flex: '1 1 18rem' }}>
      <input
        ref={ref}
        aria-label="Label selector"
        aria-invalid={error !== undefined}
        aria-describedby={error === undefined ? undefined : errorId}
        title="Edit and press Enter to apply; Escape restores"
        spellCheck={false}
        value={draft ?? formatted}
        onChange={(event) => (setDraft(event.target.value), setError(undefined))}
        onKeyDown={onKeyDown}
        style={{ ...inputStyle, flex: '1 1 14rem', fontFamily: monospace }}
      />
      {draft !== undefined && draft !== formatted && (
        <button type="submit" style={buttonStyle}>
          Apply
        </button>
      )}
      {error !== undefined && (
        <p id={errorId} role="alert" style={alertStyle}>
          {error}
        </p>
      )}
    </form>
  );
}
