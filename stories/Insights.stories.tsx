import type { Meta, StoryObj } from '@storybook/react-vite';
import { computeLineTable, importProfile, type ExplainProvider, type Profile } from '../src/core';
import { ExplainPanel, SourceView } from '../src/react';
import { fixtureBytes, loadFixture } from './load-fixture';

/**
 * Insights: the built-in findings and the explanation panel, and the hot source lines of a
 * function. Storybook has no model: "Scripted model" streams a fixed answer slowly, offline, so
 * that the streaming, cancel and follow-up states can be seen.
 */
const meta: Meta = { title: 'Insights' };
export default meta;

const scriptedModel: ExplainProvider = {
  label: 'a scripted demo model (offline)',
  async *explain(request, signal) {
    const question = request.messages.at(-1)?.content ?? '';
    const answer = question.includes('Findings')
      ? '##### Bottleneck\nMost of the time goes to **map iteration** in `runtime.mapiternext`, called from `main.busyLoop`.\n\n##### Root cause\nThe loop walks a large map on every pass.\n\n##### Recommended fix\n- Keep the keys in a slice and walk that.\n- Or cache the result between passes.'
      : 'This answer is scripted: connect a real model with `createOpenAIProvider`.';
    for (const word of answer.split(/(?<= )/)) {
      await new Promise((done) => setTimeout(done, 40));
      if (signal?.aborted) throw new DOMException('stopped', 'AbortError');
      yield word;
    }
  },
};

const cpu = () => loadFixture('pprof/go/google-pprof-large.cpu.pb.gz');
const unitOf = (profile: Profile) => profile.sampleTypes[profile.defaultSampleType].unit;

export const FindingsOnly: StoryObj = {
  loaders: [async () => ({ profile: await cpu() })],
  render: (_args, { loaded }) => (
    <ExplainPanel tree={loaded.profile.tree()} unit={unitOf(loaded.profile)} />
  ),
};

export const ScriptedModel: StoryObj = {
  loaders: [async () => ({ profile: await loadFixture('pprof/go/google-pprof-sample.cpu.pb.gz') })],
  render: (_args, { loaded }) => (
    <ExplainPanel
      tree={loaded.profile.tree()}
      unit={unitOf(loaded.profile)}
      provider={scriptedModel}
    />
  ),
};

/** The lines of time.now in a real Go CPU profile (32 lines with samples); no source text, so numbers only. */
export const SourceLinesWithoutSource: StoryObj = {
  loaders: [
    async () => {
      const profile = importProfile(await fixtureBytes('pprof/go/google-pprof-large.cpu.pb.gz'), {
        granularity: 'line',
      });
      return { table: computeLineTable(profile, 'time.now') };
    },
  ],
  render: (_args, { loaded }) => <SourceView table={loaded.table} />,
};
