import type {
  FlamekitErrorCode,
  ImportOptions,
  ImportProgress,
  InputPosition,
  ProfileInput,
  ProfilePayload,
} from '../core/index';

/**
 * The messages between {@link createProfileImporter} (main thread) and
 * {@link serveProfileImports} (worker). Plain data only, so that they survive structured clone.
 */
export type ImportRequest =
  | {
      kind: 'import';
      id: number;
      /** The input, or how many pieces of it follow (a large input sent a piece a task). */
      input: ProfileInput | { pieces: number };
      options: Omit<ImportOptions, 'onProgress'>;
      wantsProgress: boolean;
    }
  | { kind: 'piece'; id: number; piece: Uint8Array | string }
  /** The import will not be waited for: its pieces received so far can go. */
  | { kind: 'cancel'; id: number };

export type ImportReply =
  | { kind: 'progress'; id: number; progress: ImportProgress }
  | { kind: 'done'; id: number; payload: ProfilePayload }
  | {
      kind: 'error';
      id: number;
      error: { code: FlamekitErrorCode; reason: string; format?: string; position?: InputPosition };
    };

/** What both ends need of a Worker, a worker's `self` or a MessagePort. */
export interface MessageEndpoint {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  /** MessagePorts deliver nothing until started; Workers have no such method. */
  start?(): void;
}
