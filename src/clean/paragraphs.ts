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

/** Whether lines are laid out as a table: cells separated by tabs or wide gaps. */
export function isTable(lines: readonly string[]): boolean {
  const cells = lines.filter((l) => /\t|\S {3,}\S/.test(l.trim())).length;
  return lines.length >= 2 && cells >= Math.ceil(lines.length * 0.6);
}

const ENDS_SENTENCE = /[.!?:;"”’)\]]$/;

/**
 * Join paragraphs that a page break or a dropped mark cut in two: the first does not end a
 * sentence and the next starts in lower case.
 */
export function joinBrokenParagraphs(paras: string[][]): string[][] {
  const out: string[][] = [];
  for (const p of paras) {
    const prev = out[out.length - 1];
    const last = prev?.[prev.length - 1]?.trim() ?? '';
    const first = p[0]?.trim() ?? '';
    if (prev && last && !ENDS_SENTENCE.test(last) && /^[a-z]/.test(first) && !isTable(prev) && !isTable(p)) prev.push(...p);
    else out.push([...p]);
  }
  return out;
}

/**
 * Reflow a paragraph's fixed-width lines into one line; tables keep their rows. A hyphen at a
 * line end is kept for compounds (`anti-`), removed for a word broken in two (`treat-`/`ment`).
 */
export function reflow(lines: readonly string[]): string {
  if (isTable(lines)) return lines.map((l) => l.trim().replace(/\t+/g, '  ').replace(/ {3,}/g, '   ')).join('\n');
  let text = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (!text) text = line;
    else if (/[a-z]-$/.test(text) && /^[a-z]/.test(line) && !/\b(anti|non|pre|post|co|self|well|multi|semi|cross|long|short|high|low|first|second|third|end|health)-$/i.test(text)) {
      text = text.slice(0, -1) + line;
    } else if (/[-–—/]$/.test(text)) text += line;
    else text += ` ${line}`;
  }
  // `the Company's website, , in the …`: an extractor dropped a link's text between two commas
  return text.replace(/\s{2,}/g, ' ').replace(/,(?:\s*,)+(?=\s)/g, ',');
}
