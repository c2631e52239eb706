import { useState } from 'react';
import {
  DEFAULT_EXPLORER_STATE,
  ProfileExplorer,
  decodeExplorerState,
  encodeExplorerState,
  type ExplorerState,
  type ExportedFile,
} from '../src/react';

/**
 * A host that keeps the explorer's state in a share string (as it would in `location.hash`) and
 * lists what the Export menu made instead of downloading it, with a link to download each file.
 */
export function ExportAndShare({ input }: { input: Uint8Array }) {
  const [state, setState] = useState<ExplorerState>(() =>
    decodeExplorerState(encodeExplorerState({ ...DEFAULT_EXPLORER_STATE, view: 'both' })),
  );
  const [files, setFiles] = useState<{ name: string; url: string; size: number }[]>([]);
  const share = encodeExplorerState(state);
  const onExport = (file: ExportedFile) =>
    setFiles((list) => [
      { name: file.fileName, url: URL.createObjectURL(file.blob), size: file.blob.size },
      ...list,
    ]);
  return (
    <div style={{ display: 'grid', gap: 8, font: '13px system-ui, sans-serif', minWidth: 0 }}>
      <ProfileExplorer
        input={input}
        height={380}
        state={state}
        onStateChange={setState}
        onExport={onExport}
      />
      <label style={{ display: 'grid', gap: 4 }}>
        Share string ({share.length} characters; zoom, search or switch views to change it):
        <input
          readOnly
          value={share}
          style={{ boxSizing: 'border-box', width: '100%', fontFamily: 'monospace' }}
        />
      </label>
      <div style={{ display: 'grid', gap: 4, minWidth: 0 }}>
        Decoded back:
        {/* One long line of JSON: it scrolls rather than break inside its words. */}
        <pre style={{ margin: 0, overflowX: 'auto' }}>
          <code>{JSON.stringify(decodeExplorerState(share))}</code>
        </pre>
      </div>
      <ul aria-label="Exported files" style={{ margin: 0 }}>
        {files.map((file) => (
          <li key={file.url}>
            <a href={file.url} download={file.name}>
              {file.name}
            </a>{' '}
            ({file.size.toLocaleString('en-US')} bytes)
          </li>
        ))}
      </ul>
    </div>
  );
}
