import { useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { computeDiff, isFlamekitError, type Profile } from '../src/core';
import { DiffFlameGraph, ProfileExplorer, TopTable } from '../src/react';
import { createProfileImporter, type ProfileImporter } from '../src/worker';

interface Loaded {
  name: string;
  profile: Profile;
}

/**
 * Drop or open any supported file and explore it; two files give a diff (the first is the
 * baseline). Files are imported in a Web Worker, with a progress bar.
 */
export function Playground() {
  // Made on first use and disposed on unmount, so that a remount gets a fresh worker.
  const importer = useRef<ProfileImporter | undefined>(undefined);
  const getImporter = () =>
    (importer.current ??= createProfileImporter(
      new Worker(new URL('../src/worker/worker-script.ts', import.meta.url), { type: 'module' }),
    ));
  useEffect(
    () => () => {
      importer.current?.dispose();
      importer.current = undefined;
    },
    [],
  );
  const [files, setFiles] = useState<Loaded[]>([]);
  const [progress, setProgress] = useState<number | undefined>();
  const [error, setError] = useState<string | undefined>();
  const input = useRef<HTMLInputElement>(null);

  const open = async (list: FileList | null) => {
    if (!list || list.length === 0) return;
    setError(undefined);
    const loaded: Loaded[] = [];
    try {
      for (const file of [...list].slice(0, 2)) {
        setProgress(0);
        const bytes = new Uint8Array(await file.arrayBuffer());
        const profile = await getImporter().importProfile(bytes, {
          onProgress: (p) => setProgress(p.total > 0 ? p.done / p.total : 0),
        });
        loaded.push({ name: file.name, profile });
      }
      setFiles(loaded);
    } catch (caught) {
      setError(
        isFlamekitError(caught) ? caught.message : `Could not read the file: ${String(caught)}`,
      );
    } finally {
      setProgress(undefined);
    }
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    void open(event.dataTransfer.files);
  };
  const diff = useMemo(
    () =>
      files.length === 2
        ? computeDiff(files[0].profile.tree(), files[1].profile.tree())
        : undefined,
    [files],
  );

  return (
    <div style={{ display: 'grid', gap: 12, fontFamily: 'system-ui, sans-serif' }}>
      <div
        data-testid="drop-zone"
        onDragOver={(event) => event.preventDefault()}
        onDrop={onDrop}
        style={{ border: '2px dashed #8a94a6', borderRadius: 8, padding: 16, textAlign: 'center' }}
      >
        Drop a profile here (two for a diff: baseline first), or{' '}
        <button type="button" onClick={() => input.current?.click()}>
          open files…
        </button>
        <input
          ref={input}
          type="file"
          multiple
          aria-label="Profile files"
          style={{ display: 'none' }}
          onChange={(event) => void open(event.target.files)}
        />
        <div style={{ fontSize: 12, marginTop: 6 }}>
          pprof, folded, speedscope, Chrome .cpuprofile and traces, perf script, Firefox,
          flamebearer, Grafana nested set, d3-flame-graph JSON; gzipped or not.
        </div>
      </div>
      {progress !== undefined && (
        <progress aria-label="Import progress" value={progress} max={1} style={{ width: '100%' }} />
      )}
      {error && <div role="alert">{error}</div>}
      {files.length === 1 && (
        <>
          <div data-testid="loaded-file">{files[0].name}</div>
          <ProfileExplorer profile={files[0].profile} height={480} />
        </>
      )}
      {diff && (
        <>
          <div data-testid="loaded-file">
            {files[0].name} → {files[1].name}
          </div>
          <DiffFlameGraph tree={diff} height={420} />
          <TopTable tree={diff} height={300} />
        </>
      )}
    </div>
  );
}
