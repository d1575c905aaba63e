import { Parser } from 'htmlparser2';
import { blockKey, type BlockStyle } from './block-style.js';

// Elements that end a line, and those that end a paragraph.
const LINE = new Set(['br', 'tr', 'li', 'dt', 'dd']);
const BLOCK = new Set(['p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'ul', 'ol', 'dl', 'blockquote', 'pre', 'section', 'article', 'header', 'footer', 'hr', 'center', 'title']);
const SKIP = new Set(['script', 'style', 'head', 'noscript', 'template', 'xml']);
const CELL = new Set(['td', 'th']);
const HEADING = /^h([1-6])$/;
// A printed page ends here: a rule, or an element the filer's software marked with a page break.
const BREAK_BEFORE = /(?:page-)?break-before\s*:\s*(?:always|page)/i;
const BREAK_AFTER = /(?:page-)?break-after\s*:\s*(?:always|page)/i;
/** The line a page boundary becomes in the text: a form feed, as in EDGAR's plain-text filings. */
export const PAGE_BREAK = '\f';

/** What one open element sets; undefined fields inherit from the elements around it. */
interface Frame {
  bold?: boolean;
  italic?: boolean;
  size?: number;
  breakAfter?: boolean;
}

/** A font size in points (`10pt`, `13px`, `<font size="4">`), when the element states one. */
function sizeOf(value: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(pt|px)$/i.exec(value.trim());
  if (!m) return undefined;
  return m[2]!.toLowerCase() === 'px' ? Number(m[1]) * 0.75 : Number(m[1]);
}

// <font size="1".."7">: the HTML 3 scale in points, 3 being the text size
const FONT_SCALE = [0, 7.5, 10, 12, 13.5, 18, 24, 36];

function frameOf(name: string, attribs: Record<string, string>): Frame {
  const f: Frame = {};
  if (name === 'b' || name === 'strong') f.bold = true;
  if (name === 'i' || name === 'em') f.italic = true;
  const h = HEADING.exec(name);
  if (h) {
    f.bold = true;
    f.size = 24 - 2 * Number(h[1]);
  }
  const fontSize = name === 'font' ? FONT_SCALE[Number(/^[1-7]$/.exec(attribs['size'] ?? '')?.[0] ?? 0)] : undefined;
  if (fontSize) f.size = fontSize;
  const style = attribs['style'] ?? '';
  for (const decl of style.split(';')) {
    const [prop, ...rest] = decl.split(':');
    const key = prop?.trim().toLowerCase();
    const value = rest.join(':').trim().toLowerCase();
    if (!key || !value) continue;
    if (key === 'font-weight') f.bold = value === 'bold' || value === 'bolder' || Number(value) >= 600;
    else if (key === 'font-style') f.italic = value === 'italic' || value === 'oblique';
    else if (key === 'font-size') {
      const size = sizeOf(value);
      if (size !== undefined) f.size = size;
    }
    else if (key === 'font') {
      // `font: bold 10pt Times New Roman`: weight, style and size come before the family
      for (const token of value.split(/\s+/)) {
        if (token === 'bold' || Number(token) >= 600) f.bold = true;
        else if (token === 'italic' || token === 'oblique') f.italic = true;
        else {
          // `10pt/12pt`: size over line height
          const size = sizeOf(token.replace(/\/.*$/, ''));
          if (size !== undefined) f.size = size;
        }
      }
      f.bold ??= false;
      f.italic ??= false;
    }
  }
  if (BREAK_AFTER.test(style)) f.breakAfter = true;
  return f;
}

/** HTML as plain text, with the style each paragraph is set in when one style covers it all. */
export interface HtmlText {
  text: string;
  /** By `blockKey(paragraph)`: the one style of the paragraph's text; absent when it mixes styles. */
  styles: Map<string, BlockStyle>;
}

/**
 * Convert HTML to plain text: blocks become paragraphs (blank lines), rows and breaks become
 * lines, table cells are separated by a tab, page breaks become a form-feed line; entities are
 * decoded and scripts dropped. The style of every uniformly styled paragraph is kept, so a
 * headline can be told from the deck set under it in another face.
 */
export function htmlToBlocks(html: string): HtmlText {
  const out: string[] = [];
  const stack: Frame[] = [];
  const styles = new Map<string, BlockStyle>();
  const ambiguous = new Set<string>();
  let skipDepth = 0;
  let pre = 0;
  // the paragraph being read: its text and the styles of its pieces
  let blockText: string[] = [];
  let blockStyles = new Set<string>();
  let blockStyle: BlockStyle | undefined;
  const flush = () => {
    const key = blockKey(blockText.join(''));
    if (key && blockStyles.size === 1 && blockStyle && !ambiguous.has(key)) {
      const seen = styles.get(key);
      if (seen && seen.signature !== blockStyle.signature) {
        styles.delete(key);
        ambiguous.add(key);
      } else styles.set(key, blockStyle);
    }
    blockText = [];
    blockStyles = new Set();
    blockStyle = undefined;
  };
  const push = (s: string) => {
    if (s.includes('\n\n') || s.includes(PAGE_BREAK)) flush();
    out.push(s);
  };
  const current = (): BlockStyle => {
    let bold = false;
    let italic = false;
    let size: number | undefined;
    for (const f of stack) {
      if (f.bold !== undefined) bold = f.bold;
      if (f.italic !== undefined) italic = f.italic;
      if (f.size !== undefined) size = f.size;
    }
    return { bold, italic, size, signature: `${bold ? 'b' : ''}${italic ? 'i' : ''}${size ?? ''}` };
  };
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const frame = frameOf(name, attribs);
        stack.push(frame);
        if (SKIP.has(name)) skipDepth++;
        else if (name === 'pre') pre++;
        if (name === 'hr' || BREAK_BEFORE.test(attribs['style'] ?? '')) push(`\n\n${PAGE_BREAK}\n\n`);
        if (BLOCK.has(name)) push('\n\n');
        else if (LINE.has(name)) push('\n');
        else if (CELL.has(name)) push('\t');
      },
      onclosetag(name) {
        const frame = stack.pop();
        if (SKIP.has(name)) skipDepth = Math.max(0, skipDepth - 1);
        else if (name === 'pre') pre = Math.max(0, pre - 1);
        if (BLOCK.has(name)) push('\n\n');
        else if (name === 'tr' || name === 'li') push('\n');
        if (frame?.breakAfter) push(`\n\n${PAGE_BREAK}\n\n`);
      },
      ontext(text) {
        if (skipDepth > 0) return;
        // Outside <pre>, source line breaks are just spaces.
        const t = pre ? text : text.replace(/[ \t\r\n\f]+/g, ' ');
        out.push(t);
        blockText.push(t);
        if (/[^\s\u00a0]/.test(t)) {
          blockStyle = current();
          blockStyles.add(blockStyle.signature);
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  flush();
  const text = out
    .join('')
    .replace(/\u00a0/g, ' ')
    .replace(/[ ]*\t[ \t]*/g, '\t')
    .replace(/[ ]+\n/g, '\n')
    .replace(/\n[ ]+/g, '\n')
    .replace(/^\t+|\t+$/gm, '')
    .replace(/[ ]{2,}/g, ' ')
    // consecutive page breaks (a rule inside a page-break element) are one boundary
    .replace(/\f(?:\s*\f)+/g, PAGE_BREAK)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { text, styles };
}

/** Convert HTML to plain text (see `htmlToBlocks`). */
export function htmlToText(html: string): string {
  return htmlToBlocks(html).text;
}
