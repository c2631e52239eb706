import { createRoot } from 'react-dom/client';
import { createOpenAIProvider, importProfile } from '../../../src/core';
import { ExplainPanel } from '../../../src/react/ExplainPanel';

/**
 * An <ExplainPanel> over a real Go CPU profile, with flamekit's OpenAI-compatible provider
 * pointed at the model server the test runs (`model` query: its base URL).
 */
const query = new URLSearchParams(location.search);

async function main() {
  const bytes = await (
    await fetch('/fixtures/pprof/go/google-pprof-sample.cpu.pb.gz')
  ).arrayBuffer();
  const profile = importProfile(new Uint8Array(bytes));
  const provider = createOpenAIProvider({
    url: query.get('model')!,
    apiKey: 'test-key',
    model: 'test-model',
  });
  createRoot(document.getElementById('root')!).render(
    <ExplainPanel
      tree={profile.tree()}
      unit={profile.sampleTypes[profile.defaultSampleType].unit}
      provider={provider}
      profileType="cpu"
    />,
  );
  requestAnimationFrame(() => Object.assign(window, { flamekitReady: true }));
}

void main();
