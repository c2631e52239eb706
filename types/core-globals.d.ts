// The few globals src/core uses that every runtime it targets (Node, browsers, workers) has, but
// that TypeScript only declares in its DOM library, which tsconfig.core.json leaves out on purpose.
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}
