import { lazy, Suspense } from 'react';
import { formatValue, type CallTree, type Profile } from '../core/index';
import type { ExplorerState } from './explorer-state';
import type { FlameChartProps } from './FlameChart';
import { ProfilePicker } from './ProfilePicker';
import { buttonStyle, inputStyle, themeColor } from './styles';
import { describeImportError, type ImportedProfile } from './use-imported-profile';

// The pieces of <ProfileExplorer> around its views: the secondary controls of its toolbar, its
// status bar, what shows before a profile, and the flame chart loaded on demand.

// The flame chart (its model, renderer and view) loads when first chosen: most profiles have no
// time order, and an explorer that never shows one does not carry it.
const LazyFlameChart = lazy(() =>
  import('./FlameChart').then(({ FlameChart }) => ({ default: FlameChart })),
);

export function FlameChartView(props: FlameChartProps) {
  return (
    <Suspense
      fallback={
        <div style={{ padding: 16, color: themeColor.muted }}>Loading the flame chart…</div>
      }
    >
      <LazyFlameChart {...props} />
    </Suspense>
  );
}

/**
 * The toolbar's secondary controls: the profile or thread shown, its sample type, the colour
 * scheme, the orientation and the text alignment.
 */
export function DisplayControls({
  profile,
  sampleType,
  state,
  update,
}: {
  profile: Profile;
  sampleType: number;
  state: ExplorerState;
  update: (change: Partial<ExplorerState>) => void;
}) {
  return (
    <>
      <ProfilePicker
        profile={profile}
        onChange={(name) => update({ profile: name, zoomPath: [], selectedPath: undefined })}
      />
      {profile.sampleTypes.length > 1 && (
        <select
          aria-label="Sample type"
          value={sampleType}
          onChange={(event) =>
            update({
              sampleType: profile.sampleTypes[Number(event.target.value)].type,
              zoomPath: [],
            })
          }
          style={inputStyle}
        >
          {profile.sampleTypes.map((type, index) => (
            <option key={index} value={index}>
              {type.type} ({type.unit})
            </option>
          ))}
        </select>
      )}
      <select
        aria-label="Colour scheme"
        value={state.colorScheme}
        onChange={(event) =>
          update({ colorScheme: event.target.value as ExplorerState['colorScheme'] })
        }
        style={inputStyle}
      >
        <option value="package">By package</option>
        <option value="total">By total</option>
        <option value="self">By self</option>
      </select>
      <button
        type="button"
        aria-label="Orientation"
        onClick={() => update({ orientation: state.orientation === 'flame' ? 'icicle' : 'flame' })}
        style={buttonStyle}
      >
        {state.orientation === 'flame' ? 'Flame ▲' : 'Icicle ▼'}
      </button>
      <button
        type="button"
        aria-label="Text alignment"
        onClick={() => update({ textAlign: state.textAlign === 'left' ? 'right' : 'left' })}
        style={buttonStyle}
      >
        {state.textAlign === 'left' ? 'Align ⇤' : 'Align ⇥'}
      </button>
    </>
  );
}

/** The total, sample type and format, the zoom and sandwich as closable pills, and warnings. */
export function ExplorerStatusBar({
  profile,
  tree,
  unit,
  sampleType,
  state,
  update,
}: {
  profile: Profile;
  tree: CallTree;
  unit: string;
  sampleType: number;
  state: ExplorerState;
  update: (change: Partial<ExplorerState>) => void;
}) {
  return (
    <div
      role="status"
      data-flamekit="status-bar"
      style={{
        display: 'flex',
        gap: 8,
        alignItems: 'center',
        flexWrap: 'wrap',
        color: themeColor.muted,
      }}
    >
      <span>
        Total {formatValue(tree.total[0], unit)} · {profile.sampleTypes[sampleType].type} ({unit}) ·{' '}
        {profile.format}
        {profile.alternatives && ` · ${profile.alternatives.names[profile.alternatives.index]}`}
      </span>
      {state.zoomPath.length > 0 && (
        <Pill label={`Zoom: ${state.zoomPath.at(-1)}`} onClose={() => update({ zoomPath: [] })} />
      )}
      {state.sandwich !== undefined && (
        <Pill
          label={`Sandwich: ${state.sandwich}`}
          onClose={() =>
            update({
              sandwich: undefined,
              view: state.view === 'sandwich' ? 'flame-graph' : state.view,
            })
          }
        />
      )}
      {profile.warnings.map((warning) => (
        <span key={warning.code} title={warning.message}>
          ⚠ {warning.message}
        </span>
      ))}
    </div>
  );
}

/** What shows before there is a profile: an import's progress, its error, or nothing to show. */
export function ExplorerPlaceholder({ imported }: { imported: ImportedProfile }) {
  if (imported.error !== undefined) {
    const { title, detail } = describeImportError(imported.error);
    return (
      <div
        role="alert"
        data-flamekit="explorer-error"
        style={{ padding: 16, border: `1px solid ${themeColor.error}`, borderRadius: 6 }}
      >
        <strong>{title}</strong>
        <div>{detail}</div>
      </div>
    );
  }
  if (imported.importing) {
    const progress = imported.importing.progress;
    const fraction = progress && progress.total > 0 ? progress.done / progress.total : undefined;
    return (
      <div role="status" data-flamekit="explorer-importing" style={{ padding: 16 }}>
        <div>
          {progress?.phase === 'build' ? 'Building the call tree' : 'Reading the profile'}
          {fraction !== undefined && ` · ${Math.round(fraction * 100)} %`}
        </div>
        <progress
          aria-label="Import progress"
          max={1}
          {...(fraction !== undefined && { value: fraction })}
          style={{ width: '100%', maxWidth: 320 }}
        />
      </div>
    );
  }
  return <div style={{ padding: 16, color: themeColor.muted }}>No profile to show.</div>;
}

/** Whether a key typed at this element is text (so `/` is a character there, not a shortcut). */
export function isTextEntry(target: EventTarget): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return (
    target instanceof HTMLInputElement &&
    !['button', 'checkbox', 'radio', 'range', 'color', 'submit', 'reset'].includes(target.type)
  );
}

function Pill({ label, onClose }: { label: string; onClose: () => void }) {
  return (
    <span
      style={{
        display: 'inline-flex',
        gap: 4,
        alignItems: 'center',
        border: `1px solid ${themeColor.border}`,
        borderRadius: 999,
        padding: '1px 4px 1px 10px',
        color: themeColor.fg,
      }}
    >
      {label}
      <button
        type="button"
        aria-label={`Close ${label}`}
        onClick={onClose}
        style={{ ...buttonStyle, border: 0, background: 'transparent', padding: '0 4px' }}
      >
        ×
      </button>
    </span>
  );
}
