import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  buildExplainMessages,
  treeFromFolded,
  type ExplainProvider,
  type ExplainRequest,
} from '../../src/core';
import { analyzeProfile } from '../../src/core/insights/analyze';
import { summarizeProfile } from '../../src/core/insights/summarize';
import { ExplainPanel } from '../../src/react/ExplainPanel';

// A Go service spending most of its time in regexp.Compile under a handler, and some in GC.
const tree = treeFromFolded(
  [
    'main;net/http.(*conn).serve;app.handle;regexp.MustCompile;regexp.Compile;regexp/syntax.Parse 60',
    'main;net/http.(*conn).serve;app.handle;app.render 25',
    'runtime.gcBgMarkWorker;runtime.gcDrain;runtime.scanobject 15',
  ].join('\n'),
);

/**
 * A host's own model, as a host would write one: it records what it was asked and answers with
 * the pieces it is given; `gate` holds the stream open until released.
 */
function scriptedProvider(answers: (string[] | Error)[]) {
  const requests: ExplainRequest[] = [];
  const signals: AbortSignal[] = [];
  let release: () => void = () => {};
  const gate = { hold: false };
  const provider: ExplainProvider = {
    label: 'a test model',
    async *explain(request, signal) {
      requests.push(request);
      signals.push(signal!);
      const answer = answers[requests.length - 1];
      if (answer instanceof Error) throw answer;
      for (const piece of answer) {
        if (gate.hold) await new Promise<void>((done) => (release = done));
        if (signal?.aborted) throw new DOMException('stopped', 'AbortError');
        yield piece;
      }
    },
  };
  return { provider, requests, signals, gate, release: () => release() };
}

const settle = () => act(async () => new Promise((done) => setTimeout(done, 0)));

describe('<ExplainPanel>', () => {
  it('shows the built-in findings at once, and no button without a model', () => {
    render(<ExplainPanel tree={tree} unit="samples" />);
    const expected = analyzeProfile(tree, { unit: 'samples' });
    expect(expected.map((f) => f.rule)).toContain('regex-compilation');
    const items = screen.getByRole('list', { name: 'Findings' }).querySelectorAll(':scope > li');
    expect([...items].map((item) => item.getAttribute('data-rule'))).toEqual(
      expected.map((f) => f.rule),
    );
    expect(screen.queryByRole('button', { name: 'Explain flame graph' })).toBeNull();
    expect(screen.getByText(/No model is connected/)).toBeTruthy();
  });

  it('streams the answer as Markdown, then takes follow-up questions with the history', async () => {
    const model = scriptedProvider([
      ['##### Bottleneck\n', 'Compiling a **regular expression** per request', ' in `app.handle`.'],
      ['Because ', 'it is not cached.'],
    ]);
    render(<ExplainPanel tree={tree} unit="samples" provider={model.provider} />);
    fireEvent.click(screen.getByRole('button', { name: 'Explain flame graph' }));
    await settle();
    const answer = document.querySelector('[data-flamekit="explain-turn"]')!;
    expect(answer.querySelector('h6')!.textContent).toBe('Bottleneck');
    expect(answer.querySelector('strong')!.textContent).toBe('regular expression');
    expect(answer.querySelector('code')!.textContent).toBe('app.handle');
    // What was sent: the prompt built from the summary and the findings.
    const opening = buildExplainMessages({
      unit: 'samples',
      summary: summarizeProfile(tree, { unit: 'samples', maxChars: 6000 }),
      findings: analyzeProfile(tree, { unit: 'samples' }),
      isDiff: false,
    });
    expect(model.requests[0].messages).toEqual(opening);

    fireEvent.change(screen.getByRole('textbox', { name: 'Follow-up question' }), {
      target: { value: 'Why is it slow?' },
    });
    fireEvent.submit(screen.getByRole('form', { name: 'Ask a follow-up question' }));
    await settle();
    const followUp = model.requests[1].messages;
    expect(followUp.slice(0, opening.length)).toEqual(opening);
    expect(followUp.slice(opening.length)).toEqual([
      {
        role: 'assistant',
        content:
          '##### Bottleneck\nCompiling a **regular expression** per request in `app.handle`.',
      },
      { role: 'user', content: 'Why is it slow?' },
    ]);
    const turns = document.querySelectorAll('[data-flamekit="explain-turn"]');
    expect(turns[1].textContent).toContain('You: Why is it slow?');
    expect(turns[1].textContent).toContain('Because it is not cached.');
  });

  it('shows an error with a retry that asks again', async () => {
    const model = scriptedProvider([
      new Error('the model endpoint answered 401 Unauthorized; check the API key'),
      ['Fine now.'],
    ]);
    render(<ExplainPanel tree={tree} unit="samples" provider={model.provider} />);
    fireEvent.click(screen.getByRole('button', { name: 'Explain flame graph' }));
    await settle();
    expect(screen.getByRole('alert').textContent).toBe(
      'the model endpoint answered 401 Unauthorized; check the API key',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await settle();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(model.requests[1]).toEqual(model.requests[0]);
    expect(document.querySelectorAll('[data-flamekit="explain-turn"]').length).toBe(1);
    expect(screen.getByText('Fine now.')).toBeTruthy();
  });

  it('cancels a stream: the provider sees the abort and the answer so far stays', async () => {
    const model = scriptedProvider([['First part. ', 'never shown']]);
    render(<ExplainPanel tree={tree} unit="samples" provider={model.provider} />);
    model.gate.hold = true;
    fireEvent.click(screen.getByRole('button', { name: 'Explain flame graph' }));
    await settle();
    model.release(); // the first piece
    await settle();
    expect(screen.getByText('First part.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    model.release();
    await settle();
    expect(model.signals[0].aborted).toBe(true);
    expect(screen.getByText('Cancelled.')).toBeTruthy();
    expect(document.body.textContent).not.toContain('never shown');
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
  });
});
