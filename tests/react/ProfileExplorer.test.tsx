import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { MessageChannel } from 'node:worker_threads';
import { importProfile, listFormats } from '../../src/core';
import {
  DEFAULT_EXPLORER_STATE,
  ProfileExplorer,
  decodeExplorerState,
  encodeExplorerState,
  type ExplorerState,
} from '../../src/react';
import { describeImportError, FORMAT_NAMES } from '../../src/react/use-imported-profile';
import {
  createProfileImporter,
  serveProfileImports,
  type MessageEndpoint,
  type ProfileImporter,
} from '../../src/worker';
import { catchError } from '../helpers/catch-error';
import { readFixture } from '../helpers/fixtures';

describe('<ProfileExplorer>', () => {
  it('switches views, and the top table follows the shared search', async () => {
    render(<ProfileExplorer input={readFixture('collapsed/edge/speedscope-recursion.txt')} />);
    // No workers here: imported on the main thread, once the importers have loaded.
    expect(await screen.findByRole('application', { name: 'Flame graph' })).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: 'Top table' }));
    expect(screen.queryByRole('application')).toBeNull();
    const grid = screen.getByRole('grid');
    const all = within(grid).getAllByRole('row').length;
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search functions' }), {
      target: { value: 'a' },
    });
    expect(within(screen.getByRole('grid')).getAllByRole('row').length).toBeLessThan(all);
    fireEvent.click(screen.getByRole('radio', { name: 'Both' }));
    expect(screen.getByRole('grid')).toBeTruthy();
    expect(screen.getByRole('application', { name: 'Flame graph' })).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: 'Call tree' }));
    expect(screen.getByRole('treegrid')).toBeTruthy();
  });

  it('opens the sandwich from a table row and closes it from its pill', () => {
    const onStateChange = vi.fn();
    render(
      <ProfileExplorer
        profile={importProfile('main;parse;lex 3\nmain;render;lex 2\nmain;idle 1')}
        defaultState={{ view: 'top-table' }}
        onStateChange={onStateChange}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Actions for lex' }));
    fireEvent.click(screen.getByRole('menuitem', { name: 'Open in sandwich view (s)' }));
    expect(onStateChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ view: 'sandwich', sandwich: 'lex' }),
    );
    expect(screen.getByRole('application', { name: 'Callers of lex' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Close Sandwich: lex' }));
    expect(onStateChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ view: 'flame-graph', sandwich: undefined }),
    );
  });

  it('offers the sample types of a profile with several, and shows the chosen one', async () => {
    render(<ProfileExplorer input={readFixture('pprof/go/parca-heap-alloc_objects.pb.gz')} />);
    const picker = (await screen.findByRole('combobox', {
      name: 'Sample type',
    })) as HTMLSelectElement;
    expect(Array.from(picker.options, (option) => option.textContent)).toEqual([
      'alloc_objects (count)',
      'alloc_space (bytes)',
      'inuse_objects (count)',
      'inuse_space (bytes)',
    ]);
    fireEvent.change(picker, { target: { value: '2' } });
    expect(document.querySelector('[data-flamekit="status-bar"]')!.textContent).toContain(
      'inuse_objects (count)',
    );
  });

  it('shows a useful error, not a blank, when the input is not a profile', async () => {
    render(<ProfileExplorer input={'{"not": "a profile"}'} />);
    const alert = await screen.findByRole('alert');
    // In the words of someone who chose a file, not of the API (no "pass { format }").
    expect(alert.textContent).toContain('This file is not a profile flamekit reads.');
    expect(alert.textContent).toContain('pprof, speedscope JSON');
    expect(alert.textContent).not.toMatch(/\{ ?format ?\}/);
  });

  it('serialises its whole state to a short URL-safe string and back', () => {
    const state: ExplorerState = {
      ...DEFAULT_EXPLORER_STATE,
      view: 'both',
      sampleType: 'inuse_space',
      search: { text: 'json', mode: 'regex', caseSensitive: true },
      zoomPath: ['main', 'net/http.(*conn).serve'],
      selectedPath: ['main', 'net/http.(*conn).serve', 'encoding/json.Marshal'],
      sandwich: 'runtime.mallocgc',
      colorScheme: 'self',
      orientation: 'icicle',
      textAlign: 'right',
    };
    const text = encodeExplorerState(state);
    expect(encodeURIComponent(text)).toBe(text);
    expect(text.length).toBeLessThan(300);
    expect(decodeExplorerState(text)).toEqual(state);
    expect(encodeExplorerState(DEFAULT_EXPLORER_STATE)).toBe('');
  });

  it('shows a comparison profile as a diff, with its modes in the shared state', () => {
    const onStateChange = vi.fn();
    render(
      <ProfileExplorer
        profile={importProfile('main;a 4 5\nmain;gone 2 0\nmain;fresh 0 3')}
        onStateChange={onStateChange}
      />,
    );
    const legend = document.querySelector('[data-flamekit="diff-legend"]')!;
    expect(legend.textContent).toContain('Red: grew');
    fireEvent.change(screen.getByLabelText('Palette'), { target: { value: 'colorblind' } });
    expect(onStateChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ diffPalette: 'colorblind' }),
    );
    expect(document.querySelector('[data-flamekit="diff-legend"]')!.textContent).toContain(
      'Blue: shrank',
    );
    const state = { ...DEFAULT_EXPLORER_STATE, diffWidthMode: 'baseline' as const };
    expect(decodeExplorerState(encodeExplorerState(state))).toEqual(state);
  });

  it('imports in a host worker with progress in place, and a new input cancels the last', async () => {
    // The real client and server over a real MessageChannel (Chromium runs real Workers).
    const { port1, port2 } = new MessageChannel();
    serveProfileImports(port2 as unknown as MessageEndpoint);
    const real = createProfileImporter(port1 as unknown as MessageEndpoint);
    const signals: (AbortSignal | undefined)[] = [];
    const importer: ProfileImporter = {
      importProfile: (input, options) => {
        signals.push(options?.signal);
        return real.importProfile(input, options);
      },
      dispose: () => real.dispose(),
    };
    const { rerender } = render(<ProfileExplorer input={'main;old 7\n'} importer={importer} />);
    expect(screen.getByRole('status').textContent).toContain('Reading the profile');
    rerender(<ProfileExplorer input={'main;new 5\n'} importer={importer} />);
    expect(signals).toHaveLength(2);
    expect(signals[0]!.aborted).toBe(true);
    expect(signals[1]!.aborted).toBe(false);
    const status = await screen.findByText(/^Total 5 samples/);
    expect(status.textContent).toContain('folded');
    expect(document.body.textContent).not.toContain('Total 7');
    real.dispose();
    port1.close();
    port2.close();
  });

  it('imports on the main thread without workers, or when asked with importer={false}', async () => {
    const { rerender } = render(<ProfileExplorer input={'main;a 3\n'} importer={false} />);
    expect(await screen.findByText(/^Total 3 samples/)).toBeTruthy();
    rerender(<ProfileExplorer input={'main;b 4\n'} importer={false} />);
    expect(await screen.findByText(/^Total 4 samples/)).toBeTruthy();
  });

  it('names every format importProfile reads when a file is not a profile', () => {
    expect(Object.keys(FORMAT_NAMES).join(', ')).toBe(listFormats());
    expect(describeImportError(catchError(() => importProfile('nothing here'))).detail).toBe(
      `flamekit reads ${Object.values(FORMAT_NAMES).join(', ')}.`,
    );
  });
});
