// Lines that are layout, not text: page marks, SGML table tags, continuation and end marks, exhibit labels.
const MARKS: [RegExp, string][] = [
  [/^<\/?(PAGE|TABLE|S|C|CAPTION|FN|F\d+)>(\s*\d*)?$/i, 'page-mark'],
  [/^<(S|C)>(\s*<C>)*$/i, 'page-mark'],
  [/^\.$/, 'page-mark'],
  // a page number that says so: `Page 2`, `- 2 -`, `2 of 5`
  [/^(page\s+\d{1,3}(\s*(of|\/)\s*\d{1,3})?|[-–—]\s*\d{1,3}\s*[-–—]|\d{1,3}\s+of\s+\d{1,3})$/i, 'page-mark'],
  [/^\(?\s*[-–—]?\s*more\s*[-–—]?\s*\)?$/i, 'more-mark'],
  [/^(\(?\s*[-–—]\s*30\s*[-–—]\s*\)?|#\s*#\s*#|###|\*\s*\*\s*\*|\(END\)|-?\s*END\s*-?|ENDS)$/i, 'end-mark'],
  [/^(Exhibit|EXHIBIT|EX-)\s*99(\.\d+)?\s*$/, 'exhibit-label'],
  [/^[-=_*]{3,}$/, 'page-mark'],
];

// A bare number (`12`) is a page number only where a page ends or starts; elsewhere it is a cell
// of a table whose cells the converter put on lines of their own.
const BARE_NUMBER = /^[-–—]?\s*\d{1,3}$/;
// A running header repeated at the top of each page: `Acme Corp. - Page 2`, `Acme Inc. Page 2 of 12`.
const RUNNING_HEADER = /^(.{2,80}?)\s*(?:[-–—|:,]\s*)?\bPage\s+\d{1,3}(?:\s*(?:of|\/)\s*\d{1,3})?$/;
// … but not a reference to a page (`see Page 2`, `continued on Page 3`)
const PAGE_REFERENCE = /\b(see|on|to|at|in|from|of|and)$/i;
// A line of running text (not a table row: no runs of spaces or tabs between cells).
const PROSE_LINE = /[A-Za-z]{2,}[,;]? [a-z]{2,}[,;]? [a-z]{2,}/;

/** The kind of layout mark a line is on its own, or undefined for a line of text. */
export function lineMark(line: string): string | undefined {
  const t = line.trim();
  if (!t || t.length > 100) return undefined;
  if (t.length <= 40) for (const [re, kind] of MARKS) if (re.test(t)) return kind;
  const header = RUNNING_HEADER.exec(t);
  if (header && !PAGE_REFERENCE.test(header[1]!.trim()) && !/[.!?]\s+[a-z]/.test(header[1]!)) return 'page-header';
  return undefined;
}

/** A page ends here: a form feed (HTML page breaks are converted to one), `<PAGE>`, a rule. */
function isBoundary(line: string): boolean {
  if (line.includes('\f')) return true;
  const t = line.trim();
  return /^<PAGE>/i.test(t) || /^[-=_*]{3,}$/.test(t);
}

/** A line of running text that ends a sentence (a table's row labels do not end with a period). */
function endsSentence(line: string): boolean {
  const t = line.trim();
  return t.length >= 40 && PROSE_LINE.test(t) && !/\t|\S {3,}\S/.test(t) && /[.!?:]["”’)]?$|\)$/.test(t);
}

/** A line of words (text, a heading, a running header), not a cell of figures or a table row. */
function isWordy(line: string): boolean {
  const t = line.trim();
  return !/\t|\S {3,}\S/.test(t) && /[A-Za-z]/.test(t);
}

/** A cell of figures (`1,234`, `(5.2)`, `$`, `—`, `12`), not a footnote mark like `(1)`. */
function isFigure(line: string): boolean {
  const t = line.trim();
  return (/^[-–—$€£%()\s]*[\d,.]+[%)]*$/.test(t) && !/^\(\d{1,2}\)$/.test(t)) || /^[$€£%)—–-]$/.test(t);
}

/** The nearest line before (step -1) or after (+1) `i` that is not blank, or undefined at an end. */
function neighbour(lines: readonly string[], i: number, step: 1 | -1): string | undefined {
  for (let j = i + step; j >= 0 && j < lines.length; j += step) {
    if (isBoundary(lines[j]!)) return lines[j];
    if (lines[j]!.trim()) return lines[j];
  }
  return undefined;
}

/**
 * The layout mark each line is, judged with the lines around it: besides the marks a line is on
 * its own, a bare number is a page number where it stands alone at a page boundary (just before
 * or after one, or at either end of the text) or between two lines of text at least one of which
 * is running prose (a page break the extractor dropped). A number next to another figure is a
 * table cell, and so is one between two short row labels: both stay.
 */
export function lineMarks(lines: readonly string[]): (string | undefined)[] {
  return lines.map((line, i) => {
    const kind = lineMark(line);
    if (kind || !BARE_NUMBER.test(line.trim())) return kind;
    const before = neighbour(lines, i, -1);
    const after = neighbour(lines, i, 1);
    if (before === undefined || after === undefined || isBoundary(before) || isBoundary(after)) return 'page-mark';
    if (isFigure(before) || isFigure(after)) return undefined;
    const textBefore = isWordy(before) || /^\(\d{1,2}\)$/.test(before.trim());
    const prose = endsSentence(before) || endsSentence(after) || Math.max(before.trim().length, after.trim().length) >= 60;
    return textBefore && isWordy(after) && prose ? 'page-mark' : undefined;
  });
}
