import { FlamekitError } from '../core/index';
import type { ExportCanvas } from '../render/export/image-export';

/** A canvas that Node can draw on and encode, as both supported packages make it. */
export type NodeCanvas = ExportCanvas & { toBuffer(type: 'image/png'): Uint8Array };

/** The canvas package in use and its `createCanvas`. */
export interface NodeCanvasPackage {
  name: NodeCanvasPackageName;
  createCanvas(width: number, height: number): NodeCanvas;
}

/**
 * The packages that give Node a canvas, in the order they are tried. @napi-rs/canvas (Skia)
 * ships prebuilt binaries inside its npm packages, so it installs anywhere without a compiler;
 * node-canvas (`canvas`, Cairo) compiles where no prebuilt binary fits the machine.
 */
export const NODE_CANVAS_PACKAGES = ['@napi-rs/canvas', 'canvas'] as const;
export type NodeCanvasPackageName = (typeof NODE_CANVAS_PACKAGES)[number];

/** Set to one of {@link NODE_CANVAS_PACKAGES} to use that package and no other. */
export const CANVAS_PACKAGE_VARIABLE = 'FLAMEKIT_CANVAS';

/**
 * The first canvas package that loads (or the one `FLAMEKIT_CANVAS` names), or a
 * {@link FlamekitError} saying how to install one.
 */
export async function loadNodeCanvas(
  asked: string | undefined = process.env[CANVAS_PACKAGE_VARIABLE],
): Promise<NodeCanvasPackage> {
  if (asked && !NODE_CANVAS_PACKAGES.includes(asked as NodeCanvasPackageName)) {
    throw new FlamekitError(
      'invalid-argument',
      `${CANVAS_PACKAGE_VARIABLE}=${asked} names no canvas package flamekit draws with: ` +
        `use ${NODE_CANVAS_PACKAGES.join(' or ')}, or unset it`,
    );
  }
  const candidates = asked ? [asked as NodeCanvasPackageName] : NODE_CANVAS_PACKAGES;
  const failures: unknown[] = [];
  for (const name of candidates) {
    try {
      const loaded = (await import(name)) as { createCanvas?: unknown; default?: unknown };
      // node-canvas is CommonJS: under some loaders its exports sit on `default`.
      const module = (loaded.createCanvas ? loaded : loaded.default) as {
        createCanvas: NodeCanvasPackage['createCanvas'];
      };
      return { name, createCanvas: module.createCanvas };
    } catch (error) {
      failures.push(error);
    }
  }
  throw new FlamekitError(
    'invalid-argument',
    `drawing PNG in Node needs a canvas package, and ${candidates.join(' or ')} could not be ` +
      'loaded: run `npm install @napi-rs/canvas` (prebuilt, nothing to compile), or write .svg ' +
      'or .html instead',
    { cause: failures.length === 1 ? failures[0] : new AggregateError(failures) },
  );
}
