import { blockKey, type BlockStyle } from '../filing/block-style.js';
import type { FilingPart } from '../filing/filing-part.js';
import { lineMarks } from './line-marks.js';
import { joinBrokenParagraphs, reflow } from './paragraphs.js';
import type { Removed } from './release.js';
import { append } from './append.js';

/** A paragraph of a document, as the release splitter reads it. */
export interface Para {
  lines: string[];
  text: string;
  /** Layout marks dropped just before this paragraph. */
  marks: Removed[];
  /** The face an HTML filing sets the paragraph in, when one face covers it. */
  style?: BlockStyle;
}

// a period that does not end a sentence: "Dr. Arthur Levinson", "Mountain View, Calif.", "J. Smith"
export const ABBREVIATION = /\b(?:Dr|Mr|Mrs|Ms|Prof|Inc|Corp|Co|Ltd|No|St|Jr|Sr|vs|Calif|Mass|Ariz|Fla|Ill|Mich|Wash|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|[A-Z])\.$/;

const MONTH = '(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\\.?';
// In text whose line breaks were lost (PDF or HTML extractions), a dateline or an exhibit label starts a paragraph.
const COLLAPSED_BREAKS = new RegExp(`(?<=[a-z0-9.,)"”]\\s)(?=[A-Z][A-Z.'’ -]{2,30},\\s+(?:[A-Z][A-Za-z.]+,?\\s+){0,3}${MONTH}\\s+\\d{1,2}\\b)|(?=\\bExhibit\\s+99\\.\\d+\\b)`, 'g');

/** Restore paragraph breaks in text that lost them: at datelines, exhibit labels and sentence ends. */
function expandCollapsed(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line.length < 3000
        ? line
        : line
            .replace(COLLAPSED_BREAKS, '\n\n')
            // a sentence end, not an abbreviation (`TASER International, Inc. (NASDAQ: TASR)`)
            .replace(/([.!?]["”]?)\s+(?=[A-Z(“"])/g, (m: string, end: string, at: number, all: string) => (ABBREVIATION.test(all.slice(Math.max(0, at - 8), at + 1)) ? m : `${end}\n\n`)),
    )
    .join('\n');
}

/** A document's paragraphs: lines grouped at blank lines and layout marks, broken paragraphs joined. */
export function toParas(part: Pick<FilingPart, 'text' | 'styles'>): Para[] {
  const lines = expandCollapsed(part.text).split('\n');
  const kinds = lineMarks(lines);
  // Group lines into paragraphs at blank lines; a dropped mark goes with the paragraph after it.
  const raw: { lines: string[]; marks: Removed[] }[] = [];
  let cur: { lines: string[]; marks: Removed[] } = { lines: [], marks: [] };
  let pending: Removed[] = [];
  lines.forEach((line, i) => {
    const kind = kinds[i];
    if (kind) pending.push({ kind, text: line.trim() });
    if (kind || line.trim() === '') {
      if (cur.lines.length) raw.push(cur);
      cur = { lines: [], marks: [] };
      return;
    }
    if (cur.lines.length === 0) {
      cur.marks = pending;
      pending = [];
    }
    cur.lines.push(line.replace(/\s+$/, ''));
  });
  if (cur.lines.length) raw.push(cur);
  // marks after the last paragraph (`-30-`) end the last release
  if (pending.length && raw.length) append(raw[raw.length - 1]!.marks, pending);
  const joined = joinBrokenParagraphs(raw.map((r) => r.lines));
  // joinBrokenParagraphs only appends whole paragraphs: walk both lists to carry the marks along
  const paras: Para[] = [];
  let k = 0;
  for (const group of joined) {
    const marks: Removed[] = [];
    let n = 0;
    while (n < group.length && k < raw.length) {
      append(marks, raw[k]!.marks);
      n += raw[k]!.lines.length;
      k++;
    }
    const text = reflow(group);
    const style = part.styles?.get(blockKey(text));
    paras.push(style ? { lines: group, text, marks, style } : { lines: group, text, marks });
  }
  return paras;
}
