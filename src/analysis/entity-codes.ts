import { tokenize } from './terms.js';
import { isWhiteSpace } from './white-space.js';

/** A code found in a text: the analyzer's term, how it is written, and where. */
export interface CodeMention {
  key: string;
  written: string;
  start: number;
  end: number;
  /**
   * Set on a two-character code (`X2`): alone such a name is as often a gene, a grade or a cell
   * phase (`R2`, `G1`), so it counts only where some mention in the release is `branded` (written
   * after a brand in capitals or with a trademark mark: `TASER X2`, `X2™`).
   */
  short?: true;
  branded?: true;
}

// Letters that, before a number, name something other than a product or compound: filings and
// rules, accounting standards and other standards, periods, share classes, places, indexes.
const NOT_CODE_LETTERS = new Set([
  'form', 'rule', 'section', 'item', 'note', 'notes', 'page', 'exhibit', 'schedule', 'regulation', 'article', 'topic',
  'statement', 'chapter', 'title', 'part', 'paragraph', 'number', 'table', 'figure', 'appendix', 'annex', 'def', 'sc',
  'ohsas', 'asc', 'asu', 'fas', 'sfas', 'fin', 'eitf', 'sab', 'apb', 'ias', 'ifrs', 'gaap', 'fasb', 'iso', 'iec', 'ansi', 'ieee',
  'astm', 'nij', 'ul', 'mil', 'en', 'din', 'jis', 'nfpa', 'cfr', 'usc', 'hr', 'sb', 'ab', 'hb', 'pl',
  'q', 'fy', 'h', 'cy', 'fq', 'qtr', 'fiscal', 'year', 'years', 'quarter', 'week', 'weeks', 'month', 'day', 'days', 'due',
  'series', 'class', 'tier', 'level', 'phase', 'stage', 'grade', 'type', 'step', 'round', 'unit', 'units', 'group',
  'suite', 'ste', 'floor', 'fl', 'box', 'route', 'rte', 'hwy', 'highway', 'building', 'bldg', 'room', 'apt', 'po',
  'nasdaq', 'nyse', 'amex', 'tsx', 'ftse', 'russell', 'dax', 'nikkei', 'dow', 'sp', 'cac', 'stoxx', 'asx',
  'covid', 'sars', 'mers', 'hiv', 'hcv', 'hbv', 'hpv', 'h1n', 'h5n', 'cov', 'y', 'k', 'up', 'down', 'top', 'fortune',
  'us', 'usd', 'cad', 'eur', 'gbp', 'jpy', 'chf', 'rmb', 'cdn', 'ca', 'ny', 'nj', 'tx', 'az', 'ma', 'pa', 'il', 'fl', 'ga',
  'wa', 'or', 'oh', 'mi', 'nc', 'md', 'va', 'co', 'ct', 'mn', 'wi', 'mo', 'tn', 'in', 'ut', 'nv', 'on', 'bc', 'qc', 'ab',
  'jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'june', 'july', 'march', 'april',
  'nok', 'sek', 'dkk', 'sar', 'inr', 'brl', 'mxn', 'aud', 'nzd', 'hkd', 'sgd', 'krw', 'cny', 'zar', 'rub', 'try', 'pln',
  'nct', 'isrctn', 'eudract', 'tel', 'fax', 'ph', 'ext', 'toll', 'cusip', 'isin', 'sic', 'cik', 'irs', 'ein', 'lot', 'vol', 'no', 'nos', 'gen', 'v', 'ver',
]);
// Place letters (states, provinces) count only before a five- or six-character postal number:
// `NC 381` is a compound, `NY 10014` an address.
const PLACE_LETTERS = new Set(['ca', 'ny', 'nj', 'tx', 'az', 'ma', 'pa', 'il', 'fl', 'ga', 'wa', 'or', 'oh', 'mi', 'nc', 'md', 'va', 'co', 'ct', 'mn', 'wi', 'mo', 'tn', 'in', 'ut', 'nv', 'on', 'bc', 'qc', 'ab']);
// Words before a code that make it a filing, rule or standard: `Rule 10b5`, `Form S-4`, `ISO 13485`.
const NOT_AFTER = /(?:\b(?:form|forms|rule|rules|section|item|items|regulation|schedule|note|notes|exhibit|topic|standard|statement|number|no\.|page|cfr|iso|asc|sfas|fas|fin|eitf|chapter|article|paragraph|part|suite|room|box|tier|class|series|level)\s*)$/i;
// Whole codes that are not products: a virus, a date convention, a disease.
// Gene and protein targets, receptors, cell-cycle phases: what a drug acts on, not a drug.
const TARGETS = ['pd1', 'pdl1', 'pdl2', 'ctla4', 'her2', 'her3', 'il1', 'il2', 'il4', 'il6', 'il10', 'il12', 'il13', 'il15', 'il17', 'il17a', 'il21', 'il23', 'il31', 'il33',
  'cd3', 'cd19', 'cd20', 'cd22', 'cd30', 'cd33', 'cd38', 'cd40', 'cd47', 'cd123', 'bcl2', 'p53', 'p21', 'brca1', 'brca2', 'cox2', 'glp1', 'gip1', 'jak1', 'jak2', 'jak3',
  'sglt2', 'pcsk9', 'apoe4', 'tlr4', 'tlr7', 'tlr9', 'fgfr2', 'fgfr3', 'kras', 'g12c', 'g12d', 'v600e', 'ace2', 'hla', 'hlab27', 'igg1', 'igg4', 'ifn', 'tgfb1', 'vegfa', 'mhc1', 'mhc2'];
const NOT_CODES = new Set([...TARGETS, 'r1', 'r2', 'g0', 'g1', 'g2', 's1', 's2', 'm1', 'm2', 'k9', 'a1', 'a4', 'b1', 'b2', 'h1', 'h2', 'p1', 'p2', 'p3', 'e1', 'e2', 'f1', 't1', 't2', 'g0g1', 'g2m', 'g1s', 'y2k', 'covid19', 'h1n1', 'h5n1', 'h7n9', 'sarscov2', 'mp3', 'mp4', 'a4', 'cd4', 'cd8', 'tnf', 'g7', 'g8', 'g20', 'b2b', 'b2c', 'p2p', 'k9', 'x86', 'x64', 'w2', 'ww2', 'wwii', 'ipv4', 'ipv6', '3g', '4g', '5g', 'hd1080']);
// Capitals written as words, not codes, when a number follows across a space (`ITS 7`, `ENDED 31`).
const CAPITAL_WORDS = new Set(['its', 'than', 'ended', 'and', 'for', 'with', 'from', 'per', 'over', 'under', 'about', 'all', 'our', 'the', 'are', 'was', 'has', 'had', 'not', 'but', 'top', 'total', 'net', 'only', 'each', 'plus', 'less', 'age', 'ages', 'size', 'nos']);
// Letter runs of at least this many must be capitals (`BNT162b2`, `ALN-TTR02`; not `interleukin-2`).
const LONG_LETTERS = 4;
const MAX_LETTERS = 8;
const PLAIN_YEAR = /^(?:19[5-9]\d|20[0-3]\d)$/;
// Where a code could start: a letter with a digit after it, joined or across a hyphen, or a
// capital and a space before it (the tokenizer joins across a space only after capitals).
// Every such point has a digit at its start or one or two characters in, so the expression is
// tried (sticky) only there: scanning a whole text with `\p{L}` cost a fifth of extraction.
const CODE_START = /\p{L}[-‐‑]?\d|[A-Z][ \u00a0]\d|\d[-‐‑][A-Z]{2}/uy;
// How far a code may reach on each side of that point.
const REACH = 40;

/** The letters before the first digit, folded. */
function leadLetters(key: string): string {
  return /^[a-z]*/.exec(key)![0];
}

/** Whether a term of the analyzer, as written here, is a drug, compound or product code. */
export function isCodeMention(key: string, written: string, before: string, after = ''): boolean {
  if (key.length < 2 || key.length > 16) return false;
  // part of a web or mail address (`www.TASERX3.com`, `tiny.cc/Tak9e`)
  if (/[./@]$/.test(before) || /^(?:@|\.[A-Za-z])/.test(after)) return false;
  // a product number (`1-DC15`, `1-PB8F`): digits, a hyphen, capitals, a digit
  if (/^\d/.test(key)) return /^\d{1,3}[-‐‑][A-Z]{2,}[A-Z\d-]*\d[A-Z\d-]*$/.test(written) && !/\s/.test(written);
  if (key.length === 2 && !/^[A-Z]\d$/.test(written)) return false;
  if (!/\d/.test(key)) return false;
  // a trial's acronym and number (`KARDIA-1`, `KEYNOTE-189`), a size (`5x25`)
  if (/^[A-Z]{5,}[-‐‑]\d{1,3}$/.test(written) || /\dx\d/.test(written)) return false;
  if (NOT_CODES.has(key)) return false;
  const lead = leadLetters(key);
  if (!lead) return true;
  const number = key.slice(lead.length);
  const spaced = /\s/.test(written);
  if (PLACE_LETTERS.has(lead)) {
    if (/^\d{5,6}$/.test(number) || (spaced && /^\d{5}/.test(number))) return false;
  } else if (NOT_CODE_LETTERS.has(lead)) return false;
  // codes are written with a capital first (`mid-2010`, `www2`, `for-2` are not codes)
  const firstRun = /\p{L}+/u.exec(written)?.[0] ?? '';
  // lower case only joined, short letters and three digits or more (`gti2040`; not `mid-2010`, `www2`)
  if (firstRun === firstRun.toLowerCase() && !(written === key && /^[a-z]{2,5}\d{3,6}$/.test(key) && !PLAIN_YEAR.test(number))) return false;
  // a Canadian postal code (`M9W 4Z7`)
  if (/^[A-Z]\d[A-Z]$/.test(written) && /^\s?\d[A-Z]\d/.test(after)) return false;
  if (spaced) {
    // across a space: two to five capitals and at least two digits (`NC 381`; not `TASER 7`, `A 10`)
    if (lead.length < 2 || lead.length > 5 || number.length < 2 || CAPITAL_WORDS.has(lead)) return false;
    // `Fiscal 2004`, `DUE 2010`: a word and a year
    if (PLAIN_YEAR.test(number)) return false;
  } else if (!/[-‐‑]/.test(written) && lead.length >= 3 && /^(?:19[89]\d|20[0-3]\d)$/.test(number)) return false; // `IACP2017`: an event and its year
  // quarters and halves written short: `Q408`, `1H`, `H2`
  if (/^[qh][1-4]\d{0,2}$/.test(key)) return false;
  for (const run of written.match(/\p{L}+/gu) ?? []) {
    if (run.length > MAX_LETTERS) return false;
    if (run.length >= LONG_LETTERS && run !== run.toUpperCase()) return false;
  }
  // all digits after one or two letters and a hyphen run like a phone (`F-1-800`): no
  if (/\d[-‐‑]\d/.test(written)) return false;
  if (NOT_AFTER.test(before)) return false;
  // `S&P 500`
  if (/&\s*$/.test(before)) return false;
  return true;
}

/**
 * Codes in a text, as the analyzer joins them (`GTI-2040`, `GTI 2040`, `gti2040`: `gti2040`).
 * Only the words around a letter followed by a digit are tokenized: most of a text has none.
 */
export function findCodes(text: string): CodeMention[] {
  const out: CodeMention[] = [];
  let done = 0;
  const starts = codeStarts(text);
  for (let i = 0; i < starts.length; i += 2) {
    const index = starts[i]!;
    if (index < done) continue;
    let from = index;
    const floor = Math.max(done, index - REACH);
    while (from > floor && !isWhiteSpace(text.charCodeAt(from - 1))) from--;
    // a spaced code (`GTI 2040`) starts a word earlier when the match is its number
    let to = index + starts[i + 1]!;
    const ceil = Math.min(text.length, to + REACH);
    while (to < ceil && !isWhiteSpace(text.charCodeAt(to))) to++;
    done = to;
    const window = text.slice(from, to);
    for (const t of tokenize(window)) {
      if (t.part) continue;
      let written = window.slice(t.start, t.end);
      let key = t.term;
      // a plural written on a code (`X26s`, `X26Es`) is the code
      if (/[\dA-Z]s$/.test(written) && key.endsWith('s') && /\d/.test(key)) {
        written = written.slice(0, -1);
        key = key.slice(0, -1);
      }
      const start = from + t.start;
      if (!isCodeMention(key, written, text.slice(Math.max(0, start - 24), start), text.slice(from + t.end, from + t.end + 4))) continue;
      const end = from + t.end;
      const mention: CodeMention = { key, written: written.replace(/\s+/g, ' '), start, end };
      if (key.length === 2) {
        mention.short = true;
        if (/\b[A-Z]{3,}\s?(?:®|™|\((?:R|TM)\))?\s$/.test(text.slice(Math.max(0, start - 16), start)) || /^\s?(?:®|™|\((?:R|TM)\))/.test(text.slice(end, end + 5))) mention.branded = true;
      }
      out.push(mention);
    }
  }
  return out;
}

/**
 * The matches of CODE_START in a text, left to right, each searched from the end of the last, as
 * a global search would give them, as pairs (start, length): a match starts at most two
 * characters (three code units) before a digit, so only those starts are tried.
 */
export function codeStarts(text: string): number[] {
  const out: number[] = [];
  let next = 0;
  const runs = DIGIT_RUN;
  runs.lastIndex = 0;
  // Every match needs a digit at most three code units after its start (two characters; a letter
  // beyond 16 bits is two units): the first digit of a run, or, for `1-DC15`, the last one before
  // a hyphen. Those starts are tried in order, a run at a time (runs found natively: a loop over
  // every character cost more than the rest).
  while (runs.test(text)) {
    const b = runs.lastIndex;
    let a = b - 1;
    while (a > 0 && isDigit(text.charCodeAt(a - 1))) a--;
    for (let start = Math.max(next, a - 3); start <= b - 1; start = start < a ? start + 1 : Math.max(start + 1, b - 1)) {
      const length = codeStartAt(text, start);
      if (!length) continue;
      out.push(start, length);
      next = start + length;
      start = next - 1;
    }
  }
  return out;
}

const DIGIT_RUN = /\d+/g;
const LETTER = /\p{L}/u;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isCapital = (c: number) => c >= 65 && c <= 90;
const isHyphen = (c: number) => c === 45 || c === 0x2010 || c === 0x2011;
const isLetter = (text: string, at: number) => {
  const c = text.charCodeAt(at);
  return c < 128 ? isCapital(c) || (c >= 97 && c <= 122) : LETTER.test(text[at]!);
};

/** The length of CODE_START's match at `at` (0: none), read off the characters; the expression itself past 16 bits. */
function codeStartAt(text: string, at: number): number {
  const c = text.charCodeAt(at);
  if (c >= 0xd800 && c <= 0xdfff) {
    CODE_START.lastIndex = at;
    return CODE_START.exec(text)?.[0].length ?? 0;
  }
  const c1 = text.charCodeAt(at + 1);
  const c2 = text.charCodeAt(at + 2);
  if (isLetter(text, at)) {
    if (isDigit(c1)) return 2;
    if (isHyphen(c1) && isDigit(c2)) return 3;
  }
  if (isCapital(c) && (c1 === 32 || c1 === 0xa0) && isDigit(c2)) return 3;
  if (isDigit(c) && isHyphen(c1) && isCapital(c2) && isCapital(text.charCodeAt(at + 3))) return 4;
  return 0;
}
