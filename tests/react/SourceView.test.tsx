import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { formatValue } from '../../src/core';
import type { LineTable } from '../../src/core/insights/line-table';
import type { SourceProvider, SourceRequest } from '../../src/core/insights/source';
import { SourceView } from '../../src/react/SourceView';

// main.work in a 40-line file: costs on lines 15 to 18, so with 5 lines of context 10..23 show.
const table: LineTable = {
  functionName: 'main.work',
  file: 'pkg/work.go',
  startLine: 12,
  lines: [
    { line: 15, self: 10, total: 10 },
    { line: 16, self: 0, total: 30 },
    { line: 18, self: 5, total: 5 },
  ],
  self: 15,
  total: 45,
  unknownLine: { self: 0, total: 0 },
  granularity: 'line',
  repository: { url: 'https://github.com/org/repo', ref: 'v1' },
  unit: 'nanoseconds',
};
const source = Array.from({ length: 40 }, (_, i) => `code of line ${i + 1}`).join('\n') + '\n';

const rowOf = (line: number) => document.querySelector(`tr[data-line="${line}"]`);
const shownLines = () =>
  [...document.querySelectorAll('tr[data-line]')].map((row) =>
    Number(row.getAttribute('data-line')),
  );
const range = (first: number, last: number) =>
  Array.from({ length: last - first + 1 }, (_, i) => first + i);

/** A provider whose answers the test gives, recording each request and its signal. */
function manualProvider() {
  const calls: {
    request: SourceRequest;
    signal?: AbortSignal;
    resolve: (text: string | undefined) => void;
    reject: (error: unknown) => void;
  }[] = [];
  const provider: SourceProvider = {
    fetchSource: (request, signal) =>
      new Promise((resolve, reject) => calls.push({ request, signal, resolve, reject })),
  };
  return { provider, calls };
}

describe('<SourceView>', () => {
  it('shows each line’s numbers and heat bars as wide as its share of the total', () => {
    render(<SourceView table={table} source={source} />);
    const cells = (line: number) =>
      [...rowOf(line)!.querySelectorAll('th, td')].map((cell) => cell.textContent);
    expect(cells(16).slice(0, 3)).toEqual(['16', '', formatValue(30, 'nanoseconds')]);
    expect(cells(15).slice(0, 3)).toEqual(['15', '10 ns', '10 ns']);
    expect(cells(17).slice(0, 3)).toEqual(['17', '', '']);
    const width = (line: number) =>
      (rowOf(line)!.querySelector('[data-flamekit="heat"]') as HTMLElement).style.width;
    // Totals 10, 30 and 5 of 45.
    expect(parseFloat(width(15))).toBeCloseTo((10 / 45) * 100, 6);
    expect(parseFloat(width(16))).toBeCloseTo((30 / 45) * 100, 6);
    expect(parseFloat(width(18))).toBeCloseTo((5 / 45) * 100, 6);
    expect(rowOf(17)!.querySelector('[data-flamekit="heat"]')).toBeNull();
    expect(rowOf(16)!.textContent).toContain('code of line 16');
    // A real table: caption, column headers, the function's totals in the footer.
    const grid = screen.getByRole('table', { name: 'Cost per line of main.work in pkg/work.go' });
    expect(
      within(grid)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Line', 'Self', 'Total', 'Share', 'Code']);
    expect(grid.querySelector('tfoot')!.textContent).toBe('Function15 ns45 ns');
  });

  it('folds the lines outside the hot range behind buttons', () => {
    render(<SourceView table={table} source={source} />);
    expect(shownLines()).toEqual(range(10, 23));
    const above = screen.getByRole('button', { name: 'Show 9 lines above' });
    const below = screen.getByRole('button', { name: 'Show 17 lines below' });
    expect(above.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(above);
    expect(shownLines()).toEqual(range(1, 23));
    expect(above.textContent).toBe('Hide 9 lines above');
    expect(above.getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(below);
    expect(shownLines()).toEqual(range(1, 40));
    fireEvent.click(above);
    expect(shownLines()).toEqual(range(10, 40));
  });

  it('takes contextLines, and keeps the range inside the file', () => {
    render(<SourceView table={table} source={source} contextLines={20} />);
    expect(shownLines()).toEqual(range(1, 38));
    expect(screen.queryByRole('button', { name: /above/ })).toBeNull();
    expect(screen.getByRole('button', { name: 'Show 2 lines below' })).toBeTruthy();
  });

  it('shows code that looks like HTML as text', () => {
    const html = '<script>window.hacked = true</script><img src=x onerror="alert(1)">';
    render(<SourceView table={table} source={`a\n${html}\n`.repeat(10)} />);
    expect(document.querySelector('script')).toBeNull();
    expect(document.querySelector('img')).toBeNull();
    expect(rowOf(16)!.querySelector('code')!.textContent).toBe(html);
  });

  it('links to the repository at the hottest line', () => {
    render(<SourceView table={table} source={source} />);
    const link = screen.getByRole('link', { name: 'View in repository at line 16' });
    expect(link.getAttribute('href')).toBe('https://github.com/org/repo/blob/v1/pkg/work.go#L16');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(link.getAttribute('target')).toBe('_blank');
    // No link for a host it does not know.
    render(
      <SourceView table={{ ...table, repository: { url: 'https://example.com/r' } }} source="" />,
    );
    expect(screen.getAllByRole('link')).toHaveLength(1);
  });

  it('without source lists the lines with a cost alone', () => {
    render(<SourceView table={{ ...table, unknownLine: { self: 2, total: 3 } }} />);
    expect(shownLines()).toEqual([15, 16, 18]);
    expect(screen.queryByRole('columnheader', { name: 'Code' })).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.queryByRole('status')).toBeNull();
    const footer = document.querySelector('tfoot')!;
    expect(footer.textContent).toContain('Line unknown2 ns3 ns');
  });

  it('fetches the source from the provider, and shows numbers meanwhile', async () => {
    const { provider, calls } = manualProvider();
    render(<SourceView table={table} provider={provider} />);
    expect(screen.getByRole('status').textContent).toBe('Loading source…');
    expect(shownLines()).toEqual([15, 16, 18]);
    expect(calls).toHaveLength(1);
    expect(calls[0].request).toEqual({
      file: 'pkg/work.go',
      functionName: 'main.work',
      repository: table.repository,
    });
    await act(async () => calls[0].resolve(source));
    expect(screen.queryByRole('status')).toBeNull();
    expect(shownLines()).toEqual(range(10, 23));
    expect(rowOf(12)!.textContent).toContain('code of line 12');
  });

  it('aborts the fetch on unmount and when the table changes, ignoring late answers', async () => {
    const { provider, calls } = manualProvider();
    const view = render(<SourceView table={table} provider={provider} />);
    const next = { ...table, functionName: 'main.other' };
    view.rerender(<SourceView table={next} provider={provider} />);
    expect(calls).toHaveLength(2);
    expect(calls[0].signal!.aborted).toBe(true);
    expect(calls[1].request.functionName).toBe('main.other');
    await act(async () => calls[0].resolve('stale\n'.repeat(40)));
    expect(screen.getByRole('status').textContent).toBe('Loading source…');
    view.unmount();
    expect(calls[1].signal!.aborted).toBe(true);
  });

  it('says when the provider fails, or has no such file', async () => {
    const { provider, calls } = manualProvider();
    render(<SourceView table={table} provider={provider} />);
    await act(async () => calls[0].reject(new Error('401: sign in to GitHub <b>now</b>')));
    expect(screen.getByRole('alert').textContent).toBe(
      'Could not load the source: 401: sign in to GitHub <b>now</b>',
    );
    expect(shownLines()).toEqual([15, 16, 18]);

    const missing = manualProvider();
    render(<SourceView table={{ ...table }} provider={missing.provider} />);
    await act(async () => missing.calls[0].resolve(undefined));
    expect(screen.getByText('The source of this file is not available.')).toBeTruthy();
  });

  it('explains a table without line costs, and centres on the start line', () => {
    const byFunction: LineTable = {
      ...table,
      lines: [],
      granularity: 'function',
      unknownLine: { self: 15, total: 45 },
    };
    render(<SourceView table={byFunction} source={source} contextLines={2} />);
    expect(screen.getByText(/no costs per line/)).toBeTruthy();
    expect(shownLines()).toEqual(range(10, 14));
  });
});
