import { Parser } from 'htmlparser2';

// Elements that end a line, and those that end a paragraph.
const LINE = new Set(['br', 'tr', 'li', 'dt', 'dd']);
const BLOCK = new Set(['p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'ul', 'ol', 'dl', 'blockquote', 'pre', 'section', 'article', 'header', 'footer', 'hr', 'center', 'title']);
const SKIP = new Set(['script', 'style', 'head', 'noscript', 'template', 'xml']);
const CELL = new Set(['td', 'th']);

/**
 * Convert HTML to plain text: blocks become paragraphs (blank lines), rows and breaks become
 * lines, table cells are separated by a tab; entities are decoded and scripts dropped.
 */
export function htmlToText(html: string): string {
  const out: string[] = [];
  let skipDepth = 0;
  let pre = 0;
  const push = (s: string) => out.push(s);
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIP.has(name)) skipDepth++;
        else if (name === 'pre') pre++;
        if (BLOCK.has(name)) push('\n\n');
        else if (LINE.has(name)) push('\n');
        else if (CELL.has(name)) push('\t');
      },
      onclosetag(name) {
        if (SKIP.has(name)) skipDepth = Math.max(0, skipDepth - 1);
        else if (name === 'pre') pre = Math.max(0, pre - 1);
        if (BLOCK.has(name)) push('\n\n');
        else if (name === 'tr' || name === 'li') push('\n');
      },
      ontext(text) {
        if (skipDepth > 0) return;
        // Outside <pre>, source line breaks are just spaces.
        push(pre ? text : text.replace(/[ \t\r\n\f]+/g, ' '));
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return out
    .join('')
    .replace(/\u00a0/g, ' ')
    .replace(/[ ]*\t[ \t]*/g, '\t')
    .replace(/[ ]+\n/g, '\n')
    .replace(/\n[ ]+/g, '\n')
    .replace(/^\t+|\t+$/gm, '')
    .replace(/[ ]{2,}/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
