import { Fragment, type ReactNode } from 'react';
import { themeColor } from './styles';
import { themedRootProps, useResolvedTheme, type ThemedProps } from './use-theme';

export interface MarkdownProps extends ThemedProps {
  /** The Markdown text (from a model: rendered as text, never as HTML). */
  text: string;
}

/**
 * Markdown from a model, rendered as React elements and never as HTML: raw HTML in the text
 * (`<img onerror=...>`, `<script>`) shows as text, and links are kept only for `http:`, `https:`
 * and `mailto:` (others show as their text). It reads what models write: ATX headings, paragraphs,
 * `-`/`*`/`1.` lists, fenced code, block quotes, horizontal rules, and inline `code`, **bold**,
 * *italic* and [links](https://...). A half-streamed answer renders as far as it goes (an open
 * code fence runs to the end). Tables and nested lists render as plain lines.
 */
export function Markdown(props: MarkdownProps) {
  const theme = useResolvedTheme(props.theme);
  return (
    <div
      data-flamekit="markdown"
      {...themedRootProps(theme, props, { color: themeColor.fg, minWidth: 0 })}
    >
      {renderBlocks(props.text.replace(/\r\n?/g, '\n').split('\n'))}
    </div>
  );
}

function renderBlocks(lines: string[]): ReactNode[] {
  const blocks: ReactNode[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const key = blocks.length;
    const fence = /^\s*(```|~~~)/.exec(line);
    if (fence) {
      const code: string[] = [];
      for (i++; i < lines.length && !lines[i].trimStart().startsWith(fence[1]); i++)
        code.push(lines[i]);
      i++; // the closing fence, if any
      blocks.push(
        <pre key={key} style={{ overflowX: 'auto', background: themeColor.panel, padding: 8 }}>
          <code>{code.join('\n')}</code>
        </pre>,
      );
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      // Model headings are sections of one panel: shown one level below the panel's own title.
      const Tag = `h${Math.min(6, heading[1].length + 2)}` as 'h3';
      blocks.push(<Tag key={key}>{renderInline(heading[2].replace(/\s#+\s*$/, ''))}</Tag>);
      i++;
      continue;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      blocks.push(<hr key={key} />);
      i++;
      continue;
    }
    const listItem = /^\s*([-*+]|\d+[.)])\s+/;
    if (listItem.test(line)) {
      const ordered = /^\s*\d/.test(line);
      const items: string[] = [];
      for (; i < lines.length && listItem.test(lines[i]); i++)
        items.push(lines[i].replace(listItem, ''));
      const List = ordered ? 'ol' : 'ul';
      blocks.push(
        <List key={key}>
          {items.map((item, k) => (
            <li key={k}>{renderInline(item)}</li>
          ))}
        </List>,
      );
      continue;
    }
    if (/^\s*>/.test(line)) {
      const quoted: string[] = [];
      for (; i < lines.length && /^\s*>/.test(lines[i]); i++)
        quoted.push(lines[i].replace(/^\s*>\s?/, ''));
      blocks.push(<blockquote key={key}>{renderBlocks(quoted)}</blockquote>);
      continue;
    }
    if (line.trim() === '') {
      i++;
      continue;
    }
    const paragraph: string[] = [];
    for (; i < lines.length && lines[i].trim() !== '' && !startsBlock(lines[i]); i++)
      paragraph.push(lines[i].trim());
    blocks.push(<p key={key}>{renderInline(paragraph.join(' '))}</p>);
  }
  return blocks;
}

function startsBlock(line: string): boolean {
  return /^(\s*(```|~~~|>|[-*+]\s|\d+[.)]\s)|#{1,6}\s)/.test(line);
}

const INLINE =
  /`([^`]+)`|\*\*([^*]+)\*\*|__([^_]+)__|\*([^*\s][^*]*)\*|\[([^\]]+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)/g;

/** Inline spans; everything else is text (React escapes it). */
export function renderInline(text: string): ReactNode[] {
  const nodes: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const at = match.index ?? 0;
    if (at > last) nodes.push(text.slice(last, at));
    const key = nodes.length;
    const [, code, bold, boldUnderscore, italic, linkText, href] = match;
    if (code !== undefined) nodes.push(<code key={key}>{code}</code>);
    else if (bold !== undefined || boldUnderscore !== undefined)
      nodes.push(<strong key={key}>{renderInline(bold ?? boldUnderscore)}</strong>);
    else if (italic !== undefined) nodes.push(<em key={key}>{renderInline(italic)}</em>);
    else if (isSafeHref(href))
      nodes.push(
        <a key={key} href={href} target="_blank" rel="noopener noreferrer">
          {linkText}
        </a>,
      );
    else nodes.push(<Fragment key={key}>{linkText}</Fragment>);
    last = at + match[0].length;
  }
  if (last < text.length) nodes.push(text.slice(last));
  return nodes;
}

function isSafeHref(href: string | undefined): href is string {
  if (!href) return false;
  try {
    return ['http:', 'https:', 'mailto:'].includes(new URL(href).protocol);
  } catch {
    return false; // relative or malformed: no link
  }
}
