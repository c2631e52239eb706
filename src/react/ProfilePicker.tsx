import type { Profile } from '../core/index';
import { inputStyle } from './styles';

export interface ProfilePickerProps {
  /** The profile shown: its `alternatives` are the choices, its `alternatives.index` the chosen. */
  profile: Profile;
  /** The name of the profile or thread chosen, as `importProfile`'s `options.profile` takes it. */
  onChange: (name: string) => void;
}

/**
 * At most 192 CSS px wide (long thread names are cut; the title and the status bar name it in
 * full). Which profile of a file of several (speedscope's profiles) or which thread (Firefox, Chrome
 * traces, perf script; `All threads` first) to show, like speedscope's profile menu. Nothing when
 * the file holds one.
 */
export function ProfilePicker({ profile, onChange }: ProfilePickerProps) {
  const views = profile.alternatives;
  if (!views || views.names.length < 2) return null;
  const label = profile.threads ? 'Thread' : 'Profile';
  return (
    <select
      aria-label={label}
      title={`${label}: ${views.names[views.index]}`}
      value={views.index}
      onChange={(event) => onChange(views.names[Number(event.target.value)])}
      style={{ ...inputStyle, maxWidth: 192 }}
    >
      {views.names.map((name, index) => (
        <option key={index} value={index}>
          {name}
        </option>
      ))}
    </select>
  );
}
