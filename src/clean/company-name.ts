const SUFFIX = '(?:Inc\\.?|Incorporated|Corporation|Corp\\.?|Company|Co\\.|Ltd\\.?|Limited|N\\.V\\.|plc|PLC|AG|S\\.A\\.|SE|LLC|L\\.P\\.|Holdings)';
// A capitalised word; inner periods only (`U.S.`-style initials), so a name never runs across a
// sentence end ("… Levinson. About Google Inc."). Names stay on one line.
const WORD = "[A-Z][A-Za-z0-9&'’-]*(?:\\.[A-Z]\\b)*";
const NOT_NAME = '(?!(?:About|For|The|In|At|On|By|To|With|From|And)\\b)';
const NAME = `(${NOT_NAME}(?:${WORD},?[ \\t]+){0,4}?${WORD},?[ \\t]+${SUFFIX})`;
const EXCHANGE = '(?:NYSE|NASDAQ|Nasdaq|AMEX|NYSE American|NYSE Arca|TSX|TSX-V|OTC|OTCBB)';
const WITH_TICKER = new RegExp(`${NAME}\\s*\\((?:[^)]{0,30})?${EXCHANGE}`);
// `Google (NASDAQ: GOOG)`, `TASER International (NASDAQ: TASR)`: a name without a legal suffix
const BARE_WITH_TICKER = new RegExp(`(${NOT_NAME}(?:${WORD}[ \\t]+){0,3}${WORD})[ \\t]*\\(${EXCHANGE}\\s*[:/]`);
const ANY = new RegExp(NAME);
// the wire services' closing `SOURCE: TASER International, Inc.`
const SOURCE_LINE = new RegExp(`\\bSOURCE:?\\s+(${WORD}(?:[ \\t]+${WORD}){0,4}(?:,?[ \\t]+${SUFFIX})?)`);
const LEGAL_WORDS = /^(inc|incorporated|corporation|corp|company|co|ltd|limited|nv|plc|ag|sa|se|llc|lp|holdings|the|and)$/i;

/** Title-case a name written in capitals (`APPLE COMPUTER INC` → `Apple Computer Inc`). */
export function tidyCompany(name: string): string {
  const n = name.replace(/\s+/g, ' ').replace(/[\s,;:]+$/, '').trim();
  if (/[a-z]/.test(n)) return n;
  return n.toLowerCase().replace(/\b([a-z])([a-z]*)/g, (_m, a: string, b: string) => a.toUpperCase() + b).replace(/\b(Ii|Iii|Iv)\b/g, (s) => s.toUpperCase());
}

/** The issuer named in a release's opening: `Agilent Technologies, Inc. (NYSE: A)` first, else the first company name. */
export function companyFromText(body: string): string | undefined {
  // a trademark sign inside a name ("TASER ® International, Inc.") would cut it in two
  const text = body.replace(/[ \t]*(?:[®™]|\((?:R|TM)\))(?=[ \t]+[A-Z])/g, '');
  const head = text.slice(0, 1500);
  // a name with its ticker anywhere in the text beats a bare company name near the top
  const m = WITH_TICKER.exec(head) ?? BARE_WITH_TICKER.exec(head) ?? WITH_TICKER.exec(text) ?? BARE_WITH_TICKER.exec(text) ?? SOURCE_LINE.exec(text) ?? ANY.exec(head);
  return m ? tidyCompany(m[1]!) : undefined;
}

/** The registrant named on a form's cover page (`… (Exact name of registrant as specified in its charter)`). */
export function registrantFromCover(text: string): string | undefined {
  const m = /\(\s*(?:Exact name of registrant|Translation of registrant)/i.exec(text.slice(0, 20000));
  if (!m) return undefined;
  const before = text.slice(0, m.index).split('\n').map((l) => l.trim()).filter((l) => l && !/^[-_=]+$/.test(l));
  const line = before[before.length - 1];
  return line && line.length < 100 ? tidyCompany(line) : undefined;
}

/** The distinctive words of a company name (`lorus`, `therapeutics`), for "About <company>" checks. */
export function companyWords(name: string): Set<string> {
  return new Set(
    name
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 1 && !LEGAL_WORDS.test(w)),
  );
}
