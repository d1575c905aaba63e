/**
 * Text extracted with its whitespace collapsed (the Lee 8-K corpus, PDF conversions) runs a
 * release's closing sections into its last paragraph: `… webcast. About Alcoa Alcoa is the world
 * leader … Forward-Looking Statements Certain statements …`. Split such a run-on paragraph where a
 * section heading sits after a sentence end, so each section can be judged on its own.
 * Returns the pieces; a piece that starts with a heading has it as its own first line.
 */
export interface RunOnPiece {
  heading?: string;
  text: string;
}

// Only long paragraphs are run-ons; a normal paragraph that mentions "forward-looking statements"
// in passing is left to the paragraph rules.
const MIN_RUN_ON = 600;

// Where a heading may start: after a sentence end or a bare URL (the last line of the text before).
const AFTER_END = String.raw`(?<=^|[.!?"”)]\s+|(?:https?:\/\/|www\.)\S+\s+|\S+@[\w-]+\.\w+\s+|\b[\w-]+\.(?:com|org|net)\/\S*\s+)`;
// "About X" followed by X again (a blurb restates the name); case matters here.
const ABOUT = new RegExp(String.raw`${AFTER_END}(About (?:the )?(([A-Z][\w&'’-]*)(?: [A-Z][\w&.'’-]*){0,4}?)) (?=\3\b)`, 'g');
// Safe-harbor and contact headings, in any case (`FORWARD-LOOKING STATEMENTS This press release …`).
const OTHER = new RegExp(
  String.raw`${AFTER_END}((?:Cautionary |Special |Caution )?(?:Note |Statement |Concerning |Regarding )*(?:Forward[- ]Looking Statements?|["“]?Safe Harbou?r["”]?(?: Statement)?|Forward[- ]Looking Information)|(?:Media |Investor |Press )?(?:Relations )?Contacts?:|For [A-Z][\w&.-]*(?: [A-Z][\w&.-]*){0,2}: (?:Investors?|Media):)(?=\s+[A-Z("“])`,
  'gi',
);

function headings(text: string): { index: number; end: number; heading: string }[] {
  const found: { index: number; end: number; heading: string }[] = [];
  for (const re of [ABOUT, OTHER]) {
    for (const m of text.matchAll(re)) found.push({ index: m.index, end: m.index + m[0].length, heading: m[1]!.trim() });
  }
  found.sort((x, y) => x.index - y.index);
  return found.filter((h, i) => i === 0 || h.index >= found[i - 1]!.end);
}

// The sentence where a safe-harbor passage starts inside a long paragraph of news.
const SAFE_HARBOR_START = /(?<=[.!?]["”]?\s+)(?=[^.!?]{0,200}\b(?:forward[- ]looking statements?|Private Securities Litigation Reform Act)\b)/g;
const SAFE_HARBOR_CONTEXT = /Private Securities Litigation Reform Act|undue reliance|differ materially|risks and uncertainties|undertakes? no (?:obligation|duty)/i;

export function splitRunOn(text: string): RunOnPiece[] {
  if (text.length < MIN_RUN_ON) return [{ text }];
  const pieces = splitAtHeadings(text);
  return pieces.flatMap((p) => (p.heading ? [p] : splitAtSafeHarbor(p.text)));
}

/** Cut a long paragraph where a safe-harbor passage begins, when one follows news. */
function splitAtSafeHarbor(text: string): RunOnPiece[] {
  if (text.length < MIN_RUN_ON) return [{ text }];
  for (const m of text.matchAll(SAFE_HARBOR_START)) {
    const tail = text.slice(m.index);
    if (m.index > 0 && SAFE_HARBOR_CONTEXT.test(tail.slice(0, 1200))) return [{ text: text.slice(0, m.index).trim() }, { text: tail.trim() }];
  }
  return [{ text }];
}

function splitAtHeadings(text: string): RunOnPiece[] {
  const pieces: RunOnPiece[] = [];
  let last = 0;
  let heading: string | undefined;
  for (const h of headings(text)) {
    const before = text.slice(last, h.index).trim();
    if (before || heading) pieces.push(heading ? { heading, text: before } : { text: before });
    heading = h.heading;
    last = h.end;
  }
  if (last === 0) return [{ text }];
  const rest = text.slice(last).trim();
  pieces.push(heading ? { heading, text: rest } : { text: rest });
  return pieces.filter((p) => p.text || p.heading);
}
