import type { Removed } from './release.js';

// Lines that are layout, not text: page marks, SGML table tags, continuation and end marks, exhibit labels.
const MARKS: [RegExp, string][] = [
  [/^<\/?(PAGE|TABLE|S|C|CAPTION|FN|F\d+)>(\s*\d*)?$/i, 'page-mark'],
  [/^<(S|C)>(\s*<C>)*$/i, 'page-mark'],
  [/^\.$/, 'page-mark'],
  [/^[-–—]?\s*(page\s+)?\d{1,3}\s*(of\s+\d{1,3})?\s*[-–—]?$/i, 'page-mark'],
  [/^\(?\s*[-–—]?\s*more\s*[-–—]?\s*\)?$/i, 'more-mark'],
  [/^(\(?\s*[-–—]\s*30\s*[-–—]\s*\)?|#\s*#\s*#|###|\*\s*\*\s*\*|\(END\)|-?\s*END\s*-?|ENDS)$/i, 'end-mark'],
  [/^(Exhibit|EXHIBIT|EX-)\s*99(\.\d+)?\s*$/, 'exhibit-label'],
  [/^[-=_*]{3,}$/, 'page-mark'],
];

/** The kind of layout mark a line is, or undefined for a line of text. */
export function lineMark(line: string): string | undefined {
  const t = line.trim();
  if (!t || t.length > 40) return undefined;
  for (const [re, kind] of MARKS) if (re.test(t)) return kind;
  return undefined;
}

/**
 * Drop layout lines, recording them, and return the remaining lines (a dropped line becomes a
 * blank, so the paragraph joiner decides whether text continues across it).
 */
export function dropMarks(lines: readonly string[], removed: Removed[]): string[] {
  return lines.map((line) => {
    const kind = lineMark(line);
    if (!kind) return line;
    removed.push({ kind, text: line.trim() });
    return '';
  });
}
