import { useCallback, useEffect, useRef, useState } from 'react';
import type { ExplainMessage, ExplainProvider } from '../core/insights/types';

/** One question and its answer, as far as it has arrived. */
export interface ExplainTurn {
  /** Absent for the first turn, which asks for the explanation itself. */
  question?: string;
  answer: string;
  status: 'streaming' | 'done' | 'cancelled' | 'error';
  error?: string;
}

/**
 * A conversation with the host's model: `start` asks the first question, `ask` a follow-up (with
 * the answers so far as history), `retry` asks the last question again, `cancel` stops the stream.
 * One stream at a time; unmounting cancels it. `messagesFor` builds the messages of the first
 * question (the opening messages), and of a follow-up given the turns since and the question.
 */
export function useExplainConversation(
  provider: ExplainProvider | undefined,
  messagesFor: (followUp?: { history: ExplainMessage[]; question: string }) => ExplainMessage[],
) {
  const [turns, setTurns] = useState<ExplainTurn[]>([]);
  const controller = useRef<AbortController | undefined>(undefined);
  useEffect(() => () => controller.current?.abort(), []);

  const run = useCallback(
    async (messages: ExplainMessage[], question: string | undefined, replace: boolean) => {
      if (!provider) return;
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      const update = (change: Partial<ExplainTurn>) =>
        setTurns((all) => [...all.slice(0, -1), { ...all[all.length - 1], ...change }]);
      setTurns((all) => [
        ...(replace ? all.slice(0, -1) : all),
        { ...(question !== undefined && { question }), answer: '', status: 'streaming' },
      ]);
      let answer = '';
      try {
        for await (const piece of provider.explain({ messages }, abort.signal)) {
          if (abort.signal.aborted) break;
          answer += piece;
          update({ answer });
        }
        update({ status: abort.signal.aborted ? 'cancelled' : 'done' });
      } catch (error) {
        if (abort.signal.aborted) update({ status: 'cancelled' });
        else update({ status: 'error', error: messageOf(error) });
      } finally {
        if (controller.current === abort) controller.current = undefined;
      }
    },
    [provider],
  );

  /** What was said after the opening messages (which `messagesFor` adds itself): the turns. */
  const history = (upTo: number): ExplainMessage[] => {
    const messages: ExplainMessage[] = [];
    for (let k = 0; k < upTo; k++) {
      const turn = turns[k];
      if (turn.question !== undefined) messages.push({ role: 'user', content: turn.question });
      if (turn.answer) messages.push({ role: 'assistant', content: turn.answer });
    }
    return messages;
  };

  return {
    turns,
    streaming: turns.at(-1)?.status === 'streaming',
    start: () => run(messagesFor(), undefined, false),
    ask: (question: string) =>
      run(messagesFor({ history: history(turns.length), question }), question, false),
    retry: () => {
      const last = turns.at(-1);
      if (!last) return;
      const messages =
        last.question === undefined
          ? messagesFor()
          : messagesFor({ history: history(turns.length - 1), question: last.question });
      void run(messages, last.question, true);
    },
    cancel: () => controller.current?.abort(),
    reset: () => {
      controller.current?.abort();
      setTurns([]);
    },
  };
}

function messageOf(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return `the model's answer failed: ${String(error)}`;
}
