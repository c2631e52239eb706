import { useEffect, useMemo, useState } from 'react';
import { isFlamekitError, selectProfileView, type Profile, type ProfileInput } from '../core/index';
import type { ProfileImporter } from '../worker/client';
import { useImportedProfile, type ImportedProfile } from './use-imported-profile';

/**
 * The imported profile and the view of it a picker chose (`view`, a name in
 * `profile.alternatives.names`). Threads of a file that records them are views of one import and
 * switch at once; a speedscope file's profiles are separate in the file, so choosing another
 * imports `input` again with `options.profile` (in the worker, when there is one). A name the
 * profile does not offer (from an old link) shows the import's own choice.
 */
export function useProfileView(
  profile: Profile | undefined,
  input: ProfileInput | undefined,
  importer: ProfileImporter | false | undefined,
  view: string | undefined,
): ImportedProfile {
  // What the file is imported with: the import's own choice, then a view the picker chose that
  // the imported profile cannot switch to itself but lists (so a stale name never fails).
  // Kept with the input it was for: another file starts from its own choice.
  const [asked, setAsked] = useState<{ input: ProfileInput; view: string }>();
  const importView = asked && asked.input === input ? asked.view : undefined;
  const imported = useImportedProfile(profile, input, importer, importView);
  const base = imported.profile;
  const selectable = base !== undefined && selectProfileView(base, 0) !== undefined;
  const names = base?.alternatives?.names;
  useEffect(() => {
    if (!base || selectable || input === undefined || view === undefined || !names) return;
    const shown = names[base.alternatives!.index];
    if (view !== importView && view !== shown && names.includes(view)) setAsked({ input, view });
  }, [base, selectable, input, view, importView, names]);
  return useMemo(() => {
    if (!base || view === undefined || !selectable) return imported;
    try {
      return { ...imported, profile: selectProfileView(base, view) ?? base };
    } catch (error) {
      if (!isFlamekitError(error)) throw error;
      return imported;
    }
  }, [imported, base, view, selectable]);
}
