import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Markdown } from '../../src/react/Markdown';

const html = (text: string) => render(<Markdown text={text} />).container.firstElementChild!;

describe('<Markdown>', () => {
  it('renders headings, paragraphs, lists, code and quotes as elements', () => {
    const root = html(
      [
        '##### Performance Bottleneck',
        'The hot path is `net/http.(*conn).serve` with **62 %** of the *CPU*.',
        'It continues here.',
        '',
        '- first item',
        '- second with [docs](https://go.dev/doc/gc-guide)',
        '',
        '1. one',
        '2. two',
        '',
        '```go',
        'for i := range xs { total += xs[i] }',
        '```',
        '> quoted',
        '---',
      ].join('\n'),
    );
    expect([...root.children].map((child) => child.tagName)).toEqual([
      'H6',
      'P',
      'UL',
      'OL',
      'PRE',
      'BLOCKQUOTE',
      'HR',
    ]);
    const paragraph = root.querySelector('p')!;
    expect(paragraph.textContent).toBe(
      'The hot path is net/http.(*conn).serve with 62 % of the CPU. It continues here.',
    );
    expect(paragraph.querySelector('code')!.textContent).toBe('net/http.(*conn).serve');
    expect(paragraph.querySelector('strong')!.textContent).toBe('62 %');
    expect(paragraph.querySelector('em')!.textContent).toBe('CPU');
    const link = root.querySelector('a')!;
    expect(link.getAttribute('href')).toBe('https://go.dev/doc/gc-guide');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(root.querySelectorAll('ol li').length).toBe(2);
    expect(root.querySelector('pre code')!.textContent).toBe(
      'for i := range xs { total += xs[i] }',
    );
  });

  it('shows raw HTML as text and drops unsafe links', () => {
    const root = html(
      '<img src=x onerror="alert(1)"> <script>alert(2)</script>\n\n[click](javascript:alert(3)) [rel](/x)',
    );
    expect(root.querySelector('img, script')).toBeNull();
    expect(root.textContent).toContain('<img src=x onerror="alert(1)">');
    expect(root.querySelector('a')).toBeNull();
    expect(root.textContent).toContain('click rel');
  });

  it('renders a half-streamed answer as far as it goes', () => {
    const root = html('Intro\n\n```\nopen fence, no end');
    expect(root.querySelector('pre')!.textContent).toBe('open fence, no end');
    expect(html('**not closed').textContent).toBe('**not closed');
  });
});
