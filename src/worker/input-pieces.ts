import type { ProfileInput } from '../core/index';
import type { ImportRequest, MessageEndpoint } from './protocol';

/**
 * Inputs longer than this go to the worker in pieces of this size, one piece a task: cloning a
 * 100 MB file into a message in one go would hold the page for 60 ms and more. Each piece is
 * copied (the host's buffer stays its own) and moved.
 */
export const INPUT_PIECE = 4 << 20;

/** Whether an input is sent in pieces (bytes and text longer than {@link INPUT_PIECE}). */
export function sentInPieces(input: ProfileInput, transferred: boolean): boolean {
  const length = typeof input === 'string' ? input.length : input.byteLength;
  return !transferred && length > INPUT_PIECE;
}

export function pieceCount(input: ProfileInput): number {
  const length = typeof input === 'string' ? input.length : input.byteLength;
  return Math.ceil(length / INPUT_PIECE);
}

/** Posts the pieces of `input` for import `id`, yielding to the page between them. */
export async function sendPieces(
  target: MessageEndpoint,
  id: number,
  input: ProfileInput,
  stopped: () => boolean,
): Promise<void> {
  const bytes =
    typeof input === 'string'
      ? undefined
      : input instanceof ArrayBuffer
        ? new Uint8Array(input)
        : input;
  const count = pieceCount(input);
  for (let k = 0; k < count; k++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (stopped()) return;
    const start = k * INPUT_PIECE;
    const piece = bytes
      ? bytes.slice(start, start + INPUT_PIECE)
      : (input as string).slice(start, start + INPUT_PIECE);
    const message: ImportRequest = { kind: 'piece', id, piece };
    target.postMessage(message, typeof piece === 'string' ? [] : [piece.buffer]);
  }
}

/** The input again from its pieces, on the worker's side. */
export function joinPieces(pieces: (Uint8Array | string)[]): ProfileInput {
  if (pieces.every((piece) => typeof piece === 'string')) return pieces.join('');
  const bytes = pieces as Uint8Array[];
  const joined = new Uint8Array(bytes.reduce((sum, piece) => sum + piece.length, 0));
  let offset = 0;
  for (const piece of bytes) {
    joined.set(piece, offset);
    offset += piece.length;
  }
  return joined;
}
