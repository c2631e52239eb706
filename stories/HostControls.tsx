import { useRef, useState } from 'react';
import {
  DEFAULT_EXPLORER_STATE,
  ProfileExplorer,
  type ExplorerState,
  type FlameGraphNode,
  type ProfileExplorerHandle,
  type ProfileInput,
} from '../src/react';

/**
 * A host app around `<ProfileExplorer>`: it holds the state (`state` / `onStateChange={setState}`:
 * a click still zooms and selects), logs the node events, and drives the explorer through its ref.
 */
export function HostControls({ input }: { input: ProfileInput }) {
  const [state, setState] = useState<ExplorerState>(DEFAULT_EXPLORER_STATE);
  const [log, setLog] = useState<string[]>([]);
  const explorer = useRef<ProfileExplorerHandle>(null);
  const record = (kind: string) => (node: FlameGraphNode | undefined) =>
    setLog((lines) =>
      [`${kind}: ${node ? node.tree.name(node.node) : '(none)'}`, ...lines].slice(0, 6),
    );
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
      <div style={{ display: 'flex', gap: 6, flexWrap: 'wrap' }}>
        <button type="button" onClick={() => explorer.current?.zoomTo(['runtime.main'])}>
          zoomTo(['runtime.main'])
        </button>
        <button type="button" onClick={() => explorer.current?.search('malloc')}>
          search('malloc')
        </button>
        <button type="button" onClick={() => explorer.current?.reset()}>
          reset()
        </button>
        <button type="button" onClick={() => explorer.current?.focus()}>
          focus()
        </button>
        <code>
          zoom {JSON.stringify(state.zoomPath.at(-1) ?? null)} · selected{' '}
          {JSON.stringify(state.selectedPath?.at(-1) ?? null)}
        </code>
      </div>
      <ProfileExplorer
        ref={explorer}
        input={input}
        state={state}
        onStateChange={setState}
        onNodeClick={record('click')}
        onNodeContextMenu={record('context menu')}
      />
      <pre data-flamekit="host-log" style={{ margin: 0 }}>
        {log.join('\n')}
      </pre>
    </div>
  );
}
