/** Group lines into paragraphs at blank lines. */
export function splitParagraphs(lines: readonly string[]): string[][] {
  const out: string[][] = [];
  let cur: string[] = [];
  for (const raw of lines) {
    const line = raw.replace(/\s+$/, '');
    if (line.trim() === '') {
      if (cur.length) out.push(cur);
      cur = [];
    } else cur.push(line);
  }
  if (cur.length) out.push(cur);
  return out;
}

// A table row: cells separated by tabs or wide gaps.
const TABLE_ROW = /\t|\S {3,}\S/;

/** Whether lines are laid out as a table: cells separated by tabs or wide gaps. */
export function isTable(lines: readonly string[]): boolean {
  return tableByCount(lines.filter((l) => TABLE_ROW.test(l.trim())).length, lines.length);
}

// isTable from counts, so that a paragraph growing line by line is judged without reading it again.
const tableByCount = (rows: number, lines: number) => lines >= 2 && rows >= Math.ceil(lines * 0.6);

// a hyphen that joins a compound (`anti-`/`inflammatory`), kept when a line ends with it
const COMPOUND = /\b(anti|non|pre|post|co|self|well|multi|semi|cross|long|short|high|low|first|second|third|end|health)-$/i;

const ENDS_SENTENCE = /[.!?:;"”’)\]]$/;

/**
 * Join paragraphs that a page break or a dropped mark cut in two: the first does not end a
 * sentence and the next starts in lower case.
 */
export function joinBrokenParagraphs(paras: string[][]): string[][] {
  const out: string[][] = [];
  // table rows of each paragraph of `out`: a paragraph that grows by joins is not counted again
  // (counting it at each join made a page of broken lines quadratic)
  const rows: number[] = [];
  const countRows = (p: readonly string[]) => p.reduce((n, l) => n + (TABLE_ROW.test(l.trim()) ? 1 : 0), 0);
  for (const p of paras) {
    const prev = out[out.length - 1];
    const last = prev?.[prev.length - 1]?.trim() ?? '';
    const first = p[0]?.trim() ?? '';
    const pRows = countRows(p);
    if (prev && last && !ENDS_SENTENCE.test(last) && /^[a-z]/.test(first) && !tableByCount(rows[rows.length - 1]!, prev.length) && !tableByCount(pRows, p.length)) {
      for (const l of p) prev.push(l);
      rows[rows.length - 1]! += pRows;
    } else {
      out.push([...p]);
      rows.push(pRows);
    }
  }
  return out;
}

/**
 * Reflow a paragraph's fixed-width lines into one line; tables keep their rows. A hyphen at a
 * line end is kept for compounds (`anti-`), removed for a word broken in two (`treat-`/`ment`).
 */
export function reflow(lines: readonly string[]): string {
  if (isTable(lines)) return lines.map((l) => l.trim().replace(/\t+/g, '  ').replace(/ {3,}/g, '   ')).join('\n');
  // Built as pieces, with tests on the end of the last one only: an end-anchored regular expression
  // on the whole text (or slicing it) reads it from the start, so a paragraph of many lines took
  // quadratic time.
  const parts: string[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    const last = parts.length - 1;
    const end = last >= 0 ? parts[last]!.slice(-16) : '';
    if (last < 0 || (!end && parts.length === 1)) parts[0] = line;
    else if (/[a-z]-$/.test(end) && /^[a-z]/.test(line) && !COMPOUND.test(end)) parts[last] = parts[last]!.slice(0, -1) + line;
    else parts.push(/[-–—/]$/.test(end) ? line : ` ${line}`);
  }
  const text = parts.join('');
  // `the Company's website, , in the …`: an extractor dropped a link's text between two commas
  return text.replace(/\s{2,}/g, ' ').replace(/,(?:\s*,)+(?=\s)/g, ',');
}
