import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import {
  FlamekitError,
  computeSearch,
  exportProfile,
  findNodeByPath,
  importProfile,
  treeFromFolded,
} from '../../src/core';
import { DiffFlameGraph, ProfileExplorer, type ExportedFile } from '../../src/react';
import { createExportFile } from '../../src/react/export-files';
import { applyTransforms } from '../../src/react/tree-transforms';
import { ExportMenu } from '../../src/react/ExportMenu';
import { lightTheme, renderFlameGraphSvg, type SvgExportOptions } from '../../src/render';

/**
 * The export menu in happy-dom: which formats it offers, and that each file is the library's
 * output for the view as the explorer shows it (zoom, search, colours), read back where it can
 * be. PNG needs a real canvas: tests/browser/explorer.test.ts downloads one from Chromium.
 */

/** The explorer's default view as picture options, written out from DEFAULT_EXPLORER_STATE's values. */
/** The explorer's picture options by default: its labels show each frame's share. */
const DEFAULT_VIEW: SvgExportOptions = {
  colorScheme: 'package',
  orientation: 'flame',
  textAlign: 'left',
  labelValue: 'share',
  diff: { colorMode: 'relative', palette: 'default', widthMode: 'both' },
};

const FOLDED = 'main;parse;lex 3\nmain;render;lex 2\nmain;idle 1';

function openMenu() {
  fireEvent.click(screen.getByRole('button', { name: 'Export ▾' }));
  return screen.getByRole('menu', { name: 'Export' });
}

async function choose(label: RegExp, onExport: ReturnType<typeof vi.fn>): Promise<ExportedFile> {
  openMenu();
  await act(async () => {
    fireEvent.click(screen.getByRole('menuitem', { name: label }));
  });
  await waitFor(() => expect(onExport).toHaveBeenCalled());
  return onExport.mock.calls.at(-1)![0] as ExportedFile;
}

describe('<ExportMenu>', () => {
  it('offers pictures and, with a profile, the profile formats; Escape returns focus', () => {
    const profile = importProfile(FOLDED);
    const { unmount } = render(<ExportMenu tree={profile.tree()} />);
    expect(
      [...openMenu().querySelectorAll('[role=menuitem]')].map((item) => item.textContent),
    ).toEqual(['PNG image (.png)', 'SVG image (.svg)', 'Interactive HTML (.html)']);
    unmount();
    render(<ExportMenu tree={profile.tree()} profile={profile} />);
    const menu = openMenu();
    expect(menu.querySelectorAll('[role=menuitem]')).toHaveLength(7);
    expect(document.activeElement?.textContent).toBe('PNG image (.png)');
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Export ▾' }));
  });

  it('is one keyboard stop that keeps its focus when the host re-renders, toggled by its button', () => {
    const profile = importProfile(FOLDED);
    const { rerender } = render(<ExportMenu tree={profile.tree()} profile={profile} />);
    openMenu();
    const items = screen.getAllByRole('menuitem');
    expect(items.every((item) => item.tabIndex === -1)).toBe(true);
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(items[1]);
    rerender(<ExportMenu tree={profile.tree()} profile={profile} baseName="run-2" />);
    expect(document.activeElement).toBe(screen.getAllByRole('menuitem')[1]);
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(document.activeElement?.textContent).toBe('Pyroscope flamebearer JSON (.json)');
    fireEvent.keyDown(document.activeElement!, { key: 'Tab' });
    expect(screen.queryByRole('menu')).toBeNull();
    // A press on the button of an open menu closes it, and does not open it again.
    const button = screen.getByRole('button', { name: 'Export ▾' });
    fireEvent.click(button);
    expect(screen.getByRole('menu')).toBeTruthy();
    fireEvent.pointerDown(button);
    fireEvent.click(button);
    expect(screen.queryByRole('menu')).toBeNull();
    expect(button.getAttribute('aria-expanded')).toBe('false');
  });

  it('exports the explorer view as SVG: zoomed, search misses faded, icicle', async () => {
    const profile = importProfile(FOLDED);
    const onExport = vi.fn();
    render(
      <ProfileExplorer
        profile={profile}
        onExport={onExport}
        defaultState={{
          zoomPath: ['main', 'parse'],
          search: { text: 'lex', mode: 'exact' },
          orientation: 'icicle',
          colorScheme: 'self',
        }}
      />,
    );
    const file = await choose(/^SVG image \(\.svg\)$/, onExport);
    expect(file.fileName).toBe('flame-graph.svg');
    const tree = profile.tree();
    const matches = computeSearch(tree, { text: 'lex', mode: 'exact' }).matches;
    const view: SvgExportOptions = {
      ...DEFAULT_VIEW,
      unit: profile.sampleTypes[0].unit,
      dimmed: Uint8Array.from(matches, (match) => (match ? 0 : 1)),
      orientation: 'icicle',
      colorScheme: 'self',
    };
    const expected = renderFlameGraphSvg(tree, {
      ...view,
      focus: findNodeByPath(tree, ['main', 'parse']),
    });
    expect(await file.blob.text()).toBe(expected);
    expect(screen.getByText('Exported flame-graph.svg').getAttribute('role')).toBe('status');
    // Zoomed, the menu also offers the whole graph: the same picture with no zoom.
    const whole = await choose(/SVG image of the whole graph/, onExport);
    expect(await whole.blob.text()).toBe(renderFlameGraphSvg(tree, { ...view, focus: 0 }));
  });

  it('exports the tree as the graph shows it after a drop from its context menu', async () => {
    const profile = importProfile(FOLDED);
    const onExport = vi.fn();
    render(<ProfileExplorer profile={profile} onExport={onExport} height={200} />);
    const canvas = document.querySelector('canvas')!;
    // main's children in name order on 800 px: idle 0-133, parse 133-533, render 533-800.
    fireEvent.contextMenu(canvas, { clientX: 300, clientY: 200 - 18 * 2 - 9 });
    expect(screen.getByRole('menu').getAttribute('aria-label')).toBe('Actions for parse');
    fireEvent.click(screen.getByRole('menuitem', { name: /Drop function/ }));
    const file = await choose(/^SVG image \(\.svg\)$/, onExport);
    const dropped = applyTransforms(profile.tree(), [{ kind: 'drop-function', name: 'parse' }]);
    expect(dropped.total[0]).toBe(3);
    expect(await file.blob.text()).toBe(
      renderFlameGraphSvg(dropped, {
        ...DEFAULT_VIEW,
        unit: profile.sampleTypes[0].unit,
        focus: 0,
      }),
    );
  });

  it('exports the profile: folded as the core writes it, pprof gzipped and readable', async () => {
    const profile = importProfile(FOLDED);
    const onExport = vi.fn();
    render(<ProfileExplorer profile={profile} onExport={onExport} />);
    const folded = await choose(/Folded stacks/, onExport);
    expect(folded.fileName).toBe('profile.folded');
    expect(await folded.blob.text()).toBe(exportProfile(profile, 'folded', { sampleType: 0 }));
    const pprof = await choose(/pprof/, onExport);
    expect(pprof.fileName).toBe('profile.pb.gz');
    const bytes = new Uint8Array(await pprof.blob.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    // Gzipped once, as pprof writes it: read back as the file is.
    const reread = importProfile(bytes);
    expect(reread.tree().total[0]).toBe(6);
    expect(reread.tree().total[findNodeByPath(reread.tree(), ['main', 'parse', 'lex'])]).toBe(3);
  });

  it('exports a diff graph with the palette and modes picked, and only pictures', async () => {
    const diff = treeFromFolded('a;b 3 1\na;c 0 2\nd 2 0');
    const onExport = vi.fn();
    render(
      <DiffFlameGraph
        tree={diff}
        unit="samples"
        defaultPalette="colorblind"
        defaultWidthMode="comparison"
        onExport={onExport}
      />,
    );
    openMenu();
    expect(screen.getAllByRole('menuitem')).toHaveLength(3);
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    const file = await choose(/SVG image/, onExport);
    const expected = renderFlameGraphSvg(diff, {
      unit: 'samples',
      focus: 0,
      theme: lightTheme,
      colorScheme: 'package',
      orientation: 'flame',
      textAlign: 'left',
      diff: { colorMode: 'relative', palette: 'colorblind', widthMode: 'comparison' },
    });
    expect(await file.blob.text()).toBe(expected);
    expect(expected).toContain('blue shrank');
  });

  it('shows an error from a format in an alert, and hides the menu when asked', async () => {
    const profile = importProfile(FOLDED);
    const onExport = vi.fn(() => {
      throw new FlamekitError('invalid-argument', 'the disk is full');
    });
    const { unmount } = render(<ProfileExplorer profile={profile} onExport={onExport} />);
    openMenu();
    await act(async () => {
      fireEvent.click(screen.getByRole('menuitem', { name: /SVG image/ }));
    });
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(
        'Could not export SVG image: the disk is full',
      ),
    );
    unmount();
    render(<ProfileExplorer profile={profile} exportFormats={false} />);
    expect(screen.queryByRole('button', { name: 'Export ▾' })).toBeNull();
    await expect(createExportFile('folded', { tree: profile.tree() })).rejects.toThrow(
      /no profile to write as folded/,
    );
  });
});
