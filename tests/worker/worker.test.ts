import { MessageChannel } from 'node:worker_threads';
import { gunzipSync, gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  FlamekitError,
  computeTimeRangeTree,
  importProfile,
  printTree,
  type ImportProgress,
} from '../../src/core';
import { createProfileImporter, serveProfileImports, type MessageEndpoint } from '../../src/worker';
import { INPUT_PIECE } from '../../src/worker/input-pieces';
import { NATIVE_GUNZIP_MIN_BYTES } from '../../src/worker/native-gunzip';
import { readFixture } from '../helpers/fixtures';

/**
 * The two ends of a real MessageChannel: messages are structured-cloned and transferred exactly
 * as between a page and a Web Worker (the browser tests run the real Worker).
 */
function connect() {
  const { port1, port2 } = new MessageChannel();
  serveProfileImports(port2 as unknown as MessageEndpoint);
  const importer = createProfileImporter(port1 as unknown as MessageEndpoint);
  return {
    importer,
    port: port1,
    close: () => {
      importer.dispose();
      port1.close();
      port2.close();
    },
  };
}

describe('importing in a worker', () => {
  it('gives the same profile as importing in place, with progress', async () => {
    const { importer, close } = connect();
    try {
      const bytes = readFixture('collapsed/pyroscope-io-dotnet-deep.txt');
      const progress: ImportProgress[] = [];
      const profile = await importer.importProfile(new Uint8Array(bytes), {
        onProgress: (p) => progress.push(p),
      });
      const local = importProfile(bytes);
      expect(profile.format).toBe('folded');
      expect(printTree(profile.tree())).toBe(printTree(local.tree()));
      expect(progress).toContainEqual({ phase: 'read', done: bytes.length, total: bytes.length });
      // Then the worker builds the tree it sends along.
      expect(progress.at(-1)).toEqual({ phase: 'build', done: 0, total: 1 });
    } finally {
      close();
    }
  });

  it.each([
    'chrome-cpuprofile/firefox-profiler-node-hello.cjs.cpuprofile', // lanes on the profile's tables
    'chrome-trace/speedscope-chrome116-Trace-20230603.json', // lanes on tables of their own
  ])('keeps the time order of %s, lane by lane', async (file) => {
    const { importer, close } = connect();
    try {
      const bytes = readFixture(file);
      const { timeOrder } = await importer.importProfile(new Uint8Array(bytes));
      const local = importProfile(bytes).timeOrder!;
      expect(timeOrder).toBeDefined();
      expect(timeOrder!.lanes).toEqual(local.lanes);
      expect([timeOrder!.unit, timeOrder!.origin, timeOrder!.duration]).toEqual([
        local.unit,
        local.origin,
        local.duration,
      ]);
      const whole = (order: typeof local) =>
        printTree(computeTimeRangeTree(order, 0, order.duration));
      expect(whole(timeOrder!)).toBe(whole(local));
    } finally {
      close();
    }
  });

  it('keeps every sample type, label and frame detail of a pprof', async () => {
    const { importer, close } = connect();
    try {
      const bytes = readFixture('pprof/go/parca-cpu-with-api-label.pb.gz');
      const profile = await importer.importProfile(new Uint8Array(bytes), { transferInput: true });
      const local = importProfile(bytes);
      expect(profile.sampleTypes).toEqual(local.sampleTypes);
      expect(profile.period).toEqual(local.period);
      expect(profile.samples.labelSets).toEqual(local.samples.labelSets);
      profile.sampleTypes.forEach((_, t) =>
        expect(printTree(profile.tree(t))).toBe(printTree(local.tree(t))),
      );
      expect(profile.tree().frameInfo(1)).toEqual(local.tree().frameInfo(1));
    } finally {
      close();
    }
  });

  it('sends a thread back as a view of the whole, with the options of perf script', async () => {
    const { importer, close } = connect();
    try {
      const bytes = readFixture('perf-script/speedscope-system-wide.linux-perf.txt');
      const options = { profile: 2, perfScript: { root: 'tid' as const, annotateKernel: true } };
      const profile = await importer.importProfile(new Uint8Array(bytes), options);
      const local = importProfile(bytes, options);
      expect(profile.alternatives).toEqual(local.alternatives);
      expect(profile.threads).toEqual(local.threads);
      expect(printTree(profile.tree())).toBe(printTree(local.tree()));
      expect(Array.from(profile.samples.thread!)).toEqual(Array.from(local.samples.thread!));
      // The whole came too: the other threads are a switch away, not another import.
      expect(profile.allThreads!.samples.count).toBe(local.allThreads!.samples.count);
      expect(printTree(profile.allThreads!.tree())).toBe(printTree(local.allThreads!.tree()));
    } finally {
      close();
    }
  });

  it('moves the input when asked, instead of copying it', async () => {
    const { importer, close } = connect();
    try {
      const input = new Uint8Array(readFixture('collapsed/edge/speedscope-simple.txt'));
      await importer.importProfile(input, { transferInput: true });
      expect(input.byteLength).toBe(0); // detached: it now belongs to the worker
    } finally {
      close();
    }
  });

  it('rejects with the library error, position included', async () => {
    const { importer, close } = connect();
    try {
      const failure = importer.importProfile('{"nodes": [', { format: 'folded' });
      await expect(failure).rejects.toBeInstanceOf(FlamekitError);
      await expect(failure).rejects.toMatchObject({
        code: 'parse-error',
        format: 'folded',
        position: { line: 1 },
      });
    } finally {
      close();
    }
  });

  it('rejects an option that cannot be cloned with a FlamekitError, not a DataCloneError', async () => {
    const { importer, close } = connect();
    try {
      const options = { format: 'folded', unit: (() => 'ms') as unknown as string } as const;
      const failure = importer.importProfile('a;b 1\n', options);
      await expect(failure).rejects.toBeInstanceOf(FlamekitError);
      await expect(failure).rejects.toMatchObject({ code: 'invalid-argument' });
      // The importer still works afterwards.
      expect((await importer.importProfile('a;b 1\n')).tree().total[0]).toBe(1);
    } finally {
      close();
    }
  });

  it('rejects every pending import when the worker end goes away', async () => {
    // Nothing serves port2: the imports wait until it closes, then must settle, not hang.
    const { port1, port2 } = new MessageChannel();
    const importer = createProfileImporter(port1 as unknown as MessageEndpoint);
    const pending = [importer.importProfile('a;b 1\n'), importer.importProfile('c 2\n')];
    port2.close();
    for (const failure of pending) {
      await expect(failure).rejects.toBeInstanceOf(FlamekitError);
      await expect(failure).rejects.toMatchObject({ code: 'worker-error' });
    }
    importer.dispose();
  });

  it('cancels an import with its signal: the promise rejects with the reason, the importer goes on', async () => {
    const { importer, close } = connect();
    try {
      const controller = new AbortController();
      const cancelled = importer.importProfile('a;b 1\n', { signal: controller.signal });
      controller.abort(new Error('the user chose another file'));
      await expect(cancelled).rejects.toThrow('the user chose another file');
      const already = importer.importProfile('a;b 1\n', { signal: controller.signal });
      await expect(already).rejects.toThrow('the user chose another file');
      expect((await importer.importProfile('c 2\n')).tree().total[0]).toBe(2);
    } finally {
      close();
    }
  });

  it('rejects an import cancelled or disposed after its reply came but before its profile was assembled', async () => {
    for (const how of ['abort', 'dispose'] as const) {
      const { port1, port2 } = new MessageChannel();
      serveProfileImports(port2 as unknown as MessageEndpoint);
      const importer = createProfileImporter(port1 as unknown as MessageEndpoint);
      const controller = new AbortController();
      // Listens after the importer: runs in the same task as its reading of the reply.
      port1.addEventListener('message', (event) => {
        if ((event as unknown as { data: { kind: string } }).data.kind !== 'done') return;
        if (how === 'abort') controller.abort(new Error('the user chose another file'));
        else importer.dispose();
      });
      try {
        const imported = importer.importProfile('a;b 1\n', { signal: controller.signal });
        if (how === 'abort') await expect(imported).rejects.toThrow('the user chose another file');
        else await expect(imported).rejects.toMatchObject({ code: 'worker-error' });
      } finally {
        importer.dispose();
        port1.close();
        port2.close();
      }
    }
  });

  it('starts its own workers when given a function: a cancel stops the worker, the next import starts one', async () => {
    const started: { terminated: boolean; serve(): void }[] = [];
    const importer = createProfileImporter(() => {
      const { port1, port2 } = new MessageChannel();
      // Served only on request: the first import waits, as a worker busy with a big file would.
      const worker = Object.assign(port1 as unknown as MessageEndpoint, {
        terminated: false,
        terminate() {
          worker.terminated = true;
          port1.close();
          port2.close();
        },
        serve: () => serveProfileImports(port2 as unknown as MessageEndpoint),
      });
      started.push(worker);
      return worker;
    });
    expect(started).toHaveLength(0); // nothing starts before an import
    const controller = new AbortController();
    const first = importer.importProfile('a;b 1\n', { signal: controller.signal });
    expect(started).toHaveLength(1);
    controller.abort();
    await expect(first).rejects.toMatchObject({ name: 'AbortError' });
    expect(started[0].terminated).toBe(true);
    const second = importer.importProfile('c 2\n');
    expect(started).toHaveLength(2);
    started[1].serve();
    expect((await second).tree().total[0]).toBe(2);
    importer.dispose();
    expect(started[1].terminated).toBe(true);
    await expect(importer.importProfile('c 2\n')).rejects.toMatchObject({ code: 'worker-error' });
  });

  it('rejects with worker-error when its worker cannot start', async () => {
    const importer = createProfileImporter(() => {
      throw new TypeError('Failed to construct URL: Invalid base URL');
    });
    const failure = importer.importProfile('a;b 1\n');
    await expect(failure).rejects.toBeInstanceOf(FlamekitError);
    await expect(failure).rejects.toMatchObject({ code: 'worker-error' });
    await expect(failure).rejects.toThrow(/could not start \(Failed to construct URL/);
  });

  it('reads gzip of several members whole, and says what is wrong with a damaged one', async () => {
    const { importer, close } = connect();
    try {
      const text = (n: number) =>
        Array.from({ length: n }, (_, i) => `main;f${i % 50};g${i} ${i + 1}`).join('\n') + '\n';
      const one = gzipSync(new TextEncoder().encode(text(3000)));
      const two = new Uint8Array([...gzipSync(new TextEncoder().encode(text(200))), ...one]);
      for (const bytes of [one, two]) {
        const profile = await importer.importProfile(bytes);
        expect(printTree(profile.tree())).toBe(printTree(importProfile(bytes).tree()));
      }
      const cut = one.subarray(0, one.length - 40);
      await expect(importer.importProfile(cut)).rejects.toMatchObject({
        code: 'parse-error',
        format: 'gzip',
      });
    } finally {
      close();
    }
  });

  describe('a large gzip input, decompressed by the platform', () => {
    /** Folded lines of random names: text that gzip cannot shrink much. */
    const noisyText = (lines: number, seed: number) => {
      let state = seed;
      const name = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0).toString(36);
      return Array.from({ length: lines }, (_, i) => `main;${name()};${name()} ${1 + (i % 9)}`)
        .join('\n')
        .concat('\n');
    };
    const gzipText = (text: string) => gzipSync(new TextEncoder().encode(text));
    const bigOne = gzipText(noisyText(100_000, 1));
    /** Runs `body` with DecompressionStream replaced, counting the streams made. */
    const withStreams = async (
      make: (() => TransformStream<BufferSource, Uint8Array>) | undefined,
      body: (made: () => number) => Promise<void>,
    ) => {
      const original = globalThis.DecompressionStream;
      let made = 0;
      const Counted = function (this: unknown, format: CompressionFormat) {
        made++;
        return make ? make() : new original(format);
      } as unknown as typeof DecompressionStream;
      globalThis.DecompressionStream = Counted;
      try {
        await body(() => made);
      } finally {
        globalThis.DecompressionStream = original;
      }
    };

    it('gives what importing in place gives, through the native stream', async () => {
      expect(bigOne.length).toBeGreaterThan(NATIVE_GUNZIP_MIN_BYTES);
      const pprof = readFixture('pprof/go/google-pprof-large.cpu.pb.gz');
      expect(pprof.length).toBeGreaterThan(NATIVE_GUNZIP_MIN_BYTES);
      const { importer, close } = connect();
      try {
        await withStreams(undefined, async (made) => {
          for (const bytes of [bigOne, pprof]) {
            const profile = await importer.importProfile(bytes);
            expect(printTree(profile.tree())).toBe(printTree(importProfile(bytes).tree()));
          }
          expect(made()).toBe(2);
        });
      } finally {
        close();
      }
    });

    it('reads several members whole even where the platform reads only the first', async () => {
      const second = gzipText(noisyText(2_000, 2));
      const two = new Uint8Array([...bigOne, ...second]);
      const whole = printTree(importProfile(two).tree());
      expect(whole).not.toBe(printTree(importProfile(bigOne).tree()));
      const { importer, close } = connect();
      try {
        // The platform's own stream (Chromium refuses the second member; Node reads it).
        await withStreams(undefined, async () => {
          expect(printTree((await importer.importProfile(two)).tree())).toBe(whole);
        });
        // A stream that stops after the first member: the trailer's size gives it away.
        const firstOnly = () => {
          const chunks: Uint8Array[] = [];
          return new TransformStream<BufferSource, Uint8Array>({
            transform: (chunk) => void chunks.push(new Uint8Array(chunk as ArrayBuffer)),
            flush: (controller) => {
              const all = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
              chunks.reduce((at, chunk) => (all.set(chunk, at), at + chunk.length), 0);
              controller.enqueue(gunzipSync(all.subarray(0, bigOne.length)));
            },
          });
        };
        await withStreams(firstOnly, async (made) => {
          expect(printTree((await importer.importProfile(two)).tree())).toBe(whole);
          expect(made()).toBe(1);
        });
      } finally {
        close();
      }
    });

    it('says what is wrong with a damaged one, and cancels one being decompressed', async () => {
      const { importer, port, close } = connect();
      const replies: string[] = [];
      port.on('message', (message: { kind: string }) => replies.push(message.kind));
      try {
        await withStreams(undefined, async (made) => {
          // Cut short, with the whole file's trailer after it, so that the stream is tried.
          const cut = new Uint8Array([
            ...bigOne.subarray(0, bigOne.length - 1000),
            ...bigOne.subarray(bigOne.length - 8),
          ]);
          await expect(importer.importProfile(cut)).rejects.toMatchObject({
            code: 'parse-error',
            format: 'gzip',
          });
          expect(made()).toBe(1);
          // A trailer that claims a gigabyte: the stream is tried without taking it at its word,
          // and the file reads as the library's decoder reads it.
          const claims = bigOne.slice();
          new DataView(claims.buffer).setUint32(claims.length - 4, bigOne.length * 1000, true);
          expect(printTree((await importer.importProfile(claims)).tree())).toBe(
            printTree(importProfile(claims).tree()),
          );
          expect(made()).toBe(2);
          // Input that is not bytes still gets the library's error, not silence.
          await expect(importer.importProfile(-1 as never)).rejects.toMatchObject({
            code: 'invalid-argument',
          });
          const controller = new AbortController();
          const cancelled = importer.importProfile(bigOne, { signal: controller.signal });
          await new Promise((resolve) => setTimeout(resolve, 0));
          controller.abort();
          await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
          expect((await importer.importProfile('c 2\n')).tree().total[0]).toBe(2);
          await importer.importProfile(bigOne);
          expect(made()).toBe(4);
          // The cancelled one was never imported (it would have replied before the last one).
          expect(replies).toEqual(['error', 'done', 'error', 'done', 'done']);
        });
      } finally {
        close();
      }
    });
  });

  it('sends an input over 4 MB in pieces, a task each, as bytes or as text', async () => {
    const { importer, close } = connect();
    try {
      const lines = Array.from(
        { length: 300_000 },
        (_, i) => `main;module${i % 97};function${i};leaf${i % 13} ${1 + (i % 5)}`,
      );
      const text = lines.join('\n') + '\n';
      const bytes = new TextEncoder().encode(text);
      expect(bytes.length).toBeGreaterThan(2 * INPUT_PIECE); // three pieces or more
      const local = printTree(importProfile(text).tree());
      expect(printTree((await importer.importProfile(bytes)).tree())).toBe(local);
      expect(printTree((await importer.importProfile(text)).tree())).toBe(local);
      expect(bytes.length).toBe(new TextEncoder().encode(text).length); // the host's bytes stay
      // Cancelled while its pieces are on the way: the importer goes on with the next one.
      const controller = new AbortController();
      const cancelled = importer.importProfile(bytes, { signal: controller.signal });
      await new Promise((resolve) => setTimeout(resolve, 0));
      controller.abort();
      await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
      expect((await importer.importProfile('c 2\n')).tree().total[0]).toBe(2);
    } finally {
      close();
    }
  }, 60_000);
});
