import type { FilingPart, Skipped } from './filing-part.js';
import type { PartsRead } from './read-submission.js';

const EXHIBIT = /^\s*(?:EXHIBIT|Exhibit)\s+(\d+(?:\.\d+)?)\s*$/;

function isoTime(time: string | undefined): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})/.exec(time ?? '');
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

/**
 * Read the Lee et al. 8-K corpus format: one <DOCUMENT> per 8-K with FILE:, TIME:, EVENTS: and
 * TEXT: lines. The 8-K text and each exhibit (an `EXHIBIT 99.1` line) become separate parts.
 */
export function readLee8k(file: string, text: string): PartsRead {
  const parts: FilingPart[] = [];
  const skipped: Skipped[] = [];
  let at = 0;
  let index = 0;
  for (;;) {
    const open = text.indexOf('<DOCUMENT>', at);
    if (open < 0) break;
    let close = text.indexOf('</DOCUMENT>', open);
    if (close < 0) close = text.length;
    const doc = text.slice(open + 10, close);
    at = close + 1;
    index++;
    const filedAt = isoTime(/^TIME:(\d+)/m.exec(doc)?.[1]);
    const source = /^FILE:(.+)$/m.exec(doc)?.[1]?.trim() ?? `document ${index}`;
    const textAt = doc.search(/^TEXT:/m);
    if (textAt < 0) {
      skipped.push({ file, part: source, reason: 'no TEXT: in the document' });
      continue;
    }
    const lines = doc.slice(textAt + 5).split('\n');
    const name = source.replace(/^.*\//, '').replace(/\.txt(\.gz)?$/, '');
    let current = { label: '8-K', lines: [] as string[] };
    const sections = [current];
    for (const line of lines) {
      const m = EXHIBIT.exec(line);
      if (m) {
        current = { label: `EX-${m[1]}`, lines: [] };
        sections.push(current);
      } else current.lines.push(line);
    }
    const seen = new Map<string, number>();
    for (const s of sections) {
      const n = (seen.get(s.label) ?? 0) + 1;
      seen.set(s.label, n);
      const part = `${name} ${s.label}${n > 1 ? ` #${n}` : ''}`;
      const body = s.lines.join('\n').trim();
      if (!body) continue;
      if (s.label !== '8-K' && !/^EX-99/.test(s.label)) {
        skipped.push({ file, part, reason: `not a press release: exhibit ${s.label.slice(3)}` });
        continue;
      }
      const meta = filedAt ? { formType: s.label, filedAt } : { formType: s.label };
      parts.push({ file, part, text: body, meta });
    }
  }
  return { parts, skipped };
}
