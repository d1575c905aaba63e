/** A dateline at the start of a release's first paragraph: `TORONTO, CANADA, DECEMBER 1, 2003 - `. */
export interface Dateline {
  place: string;
  /** ISO date, or '' when the dateline has no usable date. */
  date: string;
  /** Length of the dateline text, so the body can start after it. */
  length: number;
}

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
};
const MONTH = '(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\\.?';
// "December 1, 2003" / "Dec. 1 2003" / "Jan. 5" (no year: wire-service style)
const MDY = new RegExp(`^${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s*(\\d{4}))?`, 'i');
// "24 July 2023"
const DMY = new RegExp(`^(\\d{1,2})\\s+${MONTH},?\\s+(\\d{4})`, 'i');
const DATE_ANYWHERE = new RegExp(`(?:^|[\\s,(–—-])(?=${MONTH}\\s+\\d{1,2}\\b|\\d{1,2}\\s+${MONTH}\\s+\\d{4})`, 'gi');
// What may follow the date: a wire-service tag, then a dash or colon.
const AFTER = /^\s*(?:\/[^/\n]{1,80}\/)?\s*(?:\((?:BUSINESS ?WIRE|GLOBE ?NEWSWIRE|PR ?Newswire|Marketwire|ACCESSWIRE|Canada NewsWire)[^)]{0,40}\))?\s*(?:\)\s*(?:--|–|—|:)?|--|-|–|—|:|\s\/|\.{3}|…)\s*/i;
// A place: capitalised words, commas, abbreviations; no sentence.
const PLACE = /^[A-Z][A-Za-z.'’&\- ]{0,40}(?:,\s*[A-Za-z.'’&\- ]{1,40}){0,3}$/;

function iso(y: number, m: number, d: number): string {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2100) return '';
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

// `KEARNEY, NE -- (BUSINESS WIRE) --`: a wire-service dateline without a date.
const WIRE_ONLY = /^([A-Z][A-Za-z.'’&\- ]{1,40}(?:,\s*[A-Za-z.'’&\- ]{1,40}){0,2})\s*(?:--|–|—|-)\s*\((?:BUSINESS ?WIRE|GLOBE ?NEWSWIRE|PR ?Newswire|Marketwire|ACCESSWIRE)[^)]{0,40}\)\s*(?:--|–|—|-)\s*(?:(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})\s*(?:--|–|—|-)\s*)?/i;

/**
 * Parse a dateline at the start of `text`. `filedAt` supplies the year when the dateline has none
 * (the previous year when the month is after the filing's month).
 */
export function parseDateline(text: string, filedAt?: string): Dateline | undefined {
  const head = text.slice(0, 200);
  DATE_ANYWHERE.lastIndex = 0;
  for (let m = DATE_ANYWHERE.exec(head); m; m = DATE_ANYWHERE.exec(head)) {
    // the pattern can match the empty string at the start: step past it
    if (m[0].length === 0) DATE_ANYWHERE.lastIndex++;
    const at = m.index + m[0].length;
    if (at > 120) break;
    const placeRaw = head.slice(0, at).replace(/[\s,(–—-]+$/, '').replace(/^[\s*]+/, '');
    if (placeRaw && !PLACE.test(placeRaw)) continue;
    const rest = head.slice(at);
    let y: number | undefined;
    let mo: number;
    let d: number;
    let len: number;
    const a = MDY.exec(rest);
    const b = a ? undefined : DMY.exec(rest);
    if (a) {
      mo = MONTHS[a[1]!.toLowerCase()]!;
      d = Number(a[2]);
      y = a[3] ? Number(a[3]) : undefined;
      len = a[0].length;
    } else if (b) {
      d = Number(b[1]);
      mo = MONTHS[b[2]!.toLowerCase()]!;
      y = Number(b[3]);
      len = b[0].length;
    } else continue;
    // Text extracted from HTML may have lost the dash: a place in capitals then the date is enough.
    const after = AFTER.exec(rest.slice(len)) ?? (/^[A-Z]{3,}/.test(placeRaw) ? /^\s+(?=[A-Z])/.exec(rest.slice(len)) : null);
    if (!after) continue;
    if (y === undefined) {
      const f = /^(\d{4})-(\d{2})/.exec(filedAt ?? '');
      if (!f) y = undefined;
      else y = Number(f[2]) < mo ? Number(f[1]) - 1 : Number(f[1]);
    }
    // A place in capitals is shown as written; the date is what matters.
    return { place: placeRaw, date: y === undefined ? '' : iso(y, mo, d), length: at + len + after[0].length };
  }
  const wire = WIRE_ONLY.exec(head);
  if (wire) {
    // `-- 03/28/13 --`: a numeric US date after the wire tag
    const year = wire[4] ? (wire[4].length === 2 ? 2000 + Number(wire[4]) : Number(wire[4])) : 0;
    return { place: wire[1]!.trim(), date: wire[2] ? iso(year, Number(wire[2]), Number(wire[3])) : '', length: wire[0].length };
  }
  return undefined;
}

/** The first date written in a short text (`For Immediate Release: November 22, 2024`). */
export function dateIn(text: string): string {
  const m = new RegExp(`${MONTH}\\s+(\\d{1,2}),?\\s+(\\d{4})`, 'i').exec(text);
  if (!m) return '';
  return iso(Number(m[3]), MONTHS[m[1]!.toLowerCase()]!, Number(m[2]));
}
