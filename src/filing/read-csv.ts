import { parse } from 'csv-parse/sync';
import type { FilingMeta, FilingPart, Skipped } from './filing-part.js';
import type { PartsRead } from './read-submission.js';

function isoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString().slice(0, 10);
}

const HEADING = /^([A-Z][^.,;!?:\n]{2,60}),\s+(?=[A-Z])/;

// Website exports join paragraphs with '", "' or ".," — put the paragraph breaks back.
// Not a paragraph end: `SCOTTSDALE, Ariz., Nov. 24`, `TASER International, Inc., a …`.
const ABBREVIATION_BEFORE = /\b(?:Inc|Corp|Co|Ltd|Calif|Ariz|Mass|Fla|Wash|Ill|Mich|Tex|Colo|Ga|Va|Pa|Ore|Nev|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|St|Mr|Ms|Dr|No|[A-Z])\.$/;

// Script and style remnants a website export left at the top of the text.
const LEADING_JUNK = /^(?:[\s<>!\[\]\/*,-]|CDATA)+/;

// An empty paragraph between two others is joined as `, , ` (`…quarter., , At this week's…`): a
// comma followed only by space and another comma is never prose.
const EMPTY_PARAGRAPHS = /\s*,(?:\s*,)+\s*/g;
// `Axon View, Axon Signal, Axon Body 2, … and Axon Flex are trademarks of …`: a list of names opens
// the sentence, so its first item is not a heading joined to its text.
const NAME_LIST = /^(?:[A-Z][^.,;!?:\n]{0,60},\s+){2,}(?:and|or|&)\s/;

/**
 * Whether the words before a comma read as a heading (`Forward-looking statements`, `About TASER
 * International`): short, or mostly capitalised; a clause of a sentence (`By continuing to honor
 * such brave men and women, TASER …`) is not one.
 */
function isHeading(words: string): boolean {
  const all = words.trim().split(/\s+/);
  // small words (`of`, `and`) are lower case in headings too: they do not count either way
  const w = all.filter((x) => !/^(a|an|the|and|or|of|in|on|at|to|for|with|by|from)$/.test(x));
  const capital = w.filter((x) => /^[^a-z]*[A-Z0-9]/.test(x)).length;
  return all.length <= 3 || capital / Math.max(1, w.length) >= 0.6;
}

function restoreParagraphs(text: string): string {
  return text
    .replace(LEADING_JUNK, '')
    .replace(EMPTY_PARAGRAPHS, (m: string, at: number, all: string) => (at === 0 || at + m.length >= all.length ? '' : '\n\n'))
    // contact and company-blurb headings joined to the text before them
    .replace(/,\s+(?=(?:(?:[A-Z][\w.&'-]*\s+){0,3}?(?:Media|Investor|Press)\s+)?(?:Relations\s+)?Contacts?\s*:)/gi, '\n\n')
    .replace(/,\s+(?=About [A-Z])/g, '\n\n')
    .replace(/([.!?:"”)])\s*,\s+(?=[A-Z“"(])/g, (m: string, p: string, at: number, all: string) => (p === '.' && ABBREVIATION_BEFORE.test(all.slice(Math.max(0, at - 8), at + 1)) ? m : `${p}\n\n`))
    .split('\n\n')
    .map((p) => {
      // a heading joined to its paragraph: `Forward-looking statements, These …`
      let rest = p;
      const out: string[] = [];
      if (NAME_LIST.test(p)) return p;
      // (not a dateline in capitals: `SCOTTSDALE, Ariz., Dec. 1, 2009 – …`)
      for (let m = HEADING.exec(rest); m && m[1] !== m[1]!.toUpperCase() && isHeading(m[1]!); m = HEADING.exec(rest)) {
        out.push(m[1]!);
        rest = rest.slice(m[0].length);
      }
      out.push(rest);
      return out.join('\n\n');
    })
    .join('\n\n');
}

/**
 * Read a CSV export of releases: one part per row, from a `text` column, with `headline`,
 * `date` / `event_date` and `url` as metadata when present.
 */
export function readCsv(file: string, text: string): PartsRead {
  const parts: FilingPart[] = [];
  const skipped: Skipped[] = [];
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { columns: true, skip_empty_lines: true, relax_column_count: true, bom: true }) as Record<string, string>[];
  } catch (err) {
    return { parts, skipped: [{ file, part: 'document', reason: `unreadable CSV (${(err as Error).message.split('\n')[0]})` }] };
  }
  if (rows.length && !('text' in rows[0]!)) return { parts, skipped: [{ file, part: 'document', reason: 'CSV without a "text" column' }] };
  rows.forEach((row, i) => {
    const part = `row ${i + 1}`;
    const body = row['text']?.trim();
    if (!body) {
      skipped.push({ file, part, reason: 'empty text' });
      return;
    }
    const meta: FilingMeta = {};
    const headline = row['headline']?.trim();
    if (headline) meta.headline = headline;
    const date = isoDate(row['date'] ?? row['event_date']);
    if (date) meta.filedAt = date;
    if (row['url']) meta.url = row['url'];
    // A whole 8-K converted from PDF is a form with exhibits, not a release with paragraphs.
    meta.formType = headline ? 'release' : '8-K';
    parts.push({ file, part, text: headline ? restoreParagraphs(body) : body, meta });
  });
  return { parts, skipped };
}
