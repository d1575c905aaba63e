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

// A heading after a sentence end (or a bare URL): "About X" followed by X again (the blurb restates
// the name), or a safe-harbor / contact heading followed by a capitalised word.
const HEADING = new RegExp(
  [
    String.raw`(?<=[.!?"”)]\s+|\bwww\.\S+\s+)(About (?:the )?(([A-Z][\w&'’-]*)(?: [A-Z][\w&.'’-]*){0,4}?)) (?=\3\b)`,
    String.raw`(?<=[.!?"”)]\s+|\bwww\.\S+\s+)((?:Cautionary |Special )?(?:Note|Statement)?\s?(?:Regarding )?(?:Forward[- ]Looking Statements?|Safe Harbou?r(?: Statement)?|Forward Looking Information))(?=\s+[A-Z(])`,
    String.raw`(?<=[.!?"”)]\s+)((?:Media|Investor|Press)?\s?(?:Relations\s)?Contacts?:)(?=\s)`,
  ].join('|'),
  'g',
);

export function splitRunOn(text: string): RunOnPiece[] {
  if (text.length < MIN_RUN_ON) return [{ text }];
  const pieces: RunOnPiece[] = [];
  let last = 0;
  let heading: string | undefined;
  HEADING.lastIndex = 0;
  for (let m = HEADING.exec(text); m; m = HEADING.exec(text)) {
    const found = (m[1] ?? m[4] ?? m[5] ?? '').trim();
    if (!found) continue;
    const before = text.slice(last, m.index).trim();
    if (before || heading) pieces.push(heading ? { heading, text: before } : { text: before });
    heading = found;
    last = m.index + m[0].length;
  }
  if (last === 0) return [{ text }];
  const rest = text.slice(last).trim();
  pieces.push(heading ? { heading, text: rest } : { text: rest });
  return pieces.filter((p) => p.text || p.heading);
}
