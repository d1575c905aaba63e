/** What a paragraph is, as far as boilerplate goes. */
export type ParagraphKind =
  | 'text'
  | 'contact'
  | 'safe-harbor'
  | 'availability'
  | 'source-line'
  | 'pr-wire'
  | 'signature'
  | 'ticker-line'
  | 'social-links'
  | 'investor-note';

/** The footers a release closes with: its social-media links, its note to investors. */
export type Footer = 'social-links' | 'investor-note';

/** A heading that opens a section whose paragraphs share its fate. */
export type Heading = { kind: 'about'; subject: string } | { kind: 'safe-harbor' } | { kind: 'contact' } | { kind: 'signature' } | { kind: 'footer'; footer: Footer } | { kind: 'other' };

// `Follow the TASER and Axon brand here:`, `Connect with TASER:`, `Follow us on LinkedIn`: a label over social links
const SOCIAL_LABEL = /^(?:Follow|Connect with)\b[^.!?]{0,80}:$|^Follow (?:us|[A-Z][\w&.-]*(?: [A-Z][\w&.-]*){0,3})$|^(?:Follow|Connect with) (?:us|[A-Z][\w&.-]*(?: [A-Z][\w&.-]*){0,3}) on (?:social media|Twitter|Facebook|LinkedIn|YouTube|Instagram|X)\b[^.!?]{0,60}$/i;
const SOCIAL_SITE = /\b(Twitter|Facebook|LinkedIn|YouTube|Instagram|TikTok|Threads|X\.com|blog)\b|(?:https?:\/\/|www\.)\S+|@\w{2,}/i;
// The issuer's notice that it discloses information on its websites and social accounts.
const IR_NOTICE = /\b(disclos\w+ (?:material )?information|(?:discloses|shares|publishes|posts) (?:information )?(?:from time to time )?about the company|its financial information|investor relations|safe harbou?r statement)\b/i;

const CONTACT_SIGNALS = /\b(Tel|Telephone|Phone|Fax|Cell|Mobile|E-?mail)\b\s*[:.]|\b[\w.+-]+@[\w-]+\.[\w.]+\b|\(\d{3}\)\s*\d{3}[-.\s]\d{4}|\b\d{3}[-.]\d{3}[-.]\d{4}\b|\+\d{1,3}[\s\d()-]{7,}/gi;

/** How many phone numbers, addresses and labels a text holds. */
export function contactSignals(text: string): number {
  return text.match(CONTACT_SIGNALS)?.length ?? 0;
}

/** A heading line: short, no sentence end, and of a known kind (or any short title-like line). */
export function headingOf(line: string): Heading | undefined {
  const t = line.trim().replace(/^#+\s*/, '').replace(/\s*:$/, '');
  if (!t || t.length > 90) return undefined;
  const about = /^About\s+(?:the\s+)?(.+?)\s*$/i.exec(t);
  if (about && (!/[.!?]$/.test(t) || /\b(Inc|Corp|Co|Ltd|N\.V|S\.A|L\.P|plc)\.$/.test(t)) && about[1]!.split(/\s+/).length <= 8) return { kind: 'about', subject: about[1]! };
  if (/^(Forward[- ]Looking\s+(Statements?|Information)|Safe\s+Harbou?r|Cautionary\s+(Note|Statement|Language)|Caution(ary)?\s+(Concerning|Regarding|About)|Special Note Regarding|Note Regarding Forward|Disclaimer)\b/i.test(t) || /Forward[- ]Looking\s+Statements?$/i.test(t)) return { kind: 'safe-harbor' };
  if (/^((?:[A-Z][\w.&'-]*\s+){0,3}?(Media|Investor|Press|Analyst|Financial)\s+(and\s+\w+\s+)?)?(Relations\s+)?Contacts?\b|^For (further|more|additional) information\b|^Contact information\b/i.test(t)) return { kind: 'contact' };
  if (/^SIGNATURES?$/i.test(t)) return { kind: 'signature' };
  if (/^Notes? to (Investors|Shareholders|Stockholders)$/i.test(t)) return { kind: 'footer', footer: 'investor-note' };
  if (SOCIAL_LABEL.test(line.trim())) return { kind: 'footer', footer: 'social-links' };
  return undefined;
}

/** Whether a short line reads as a section heading of any kind (ends the current section). */
export function isOtherHeading(line: string): boolean {
  const t = line.trim();
  if (t.length < 3 || t.length > 80 || /[.,;!?]$/.test(t)) return false;
  const words = t.split(/\s+/);
  const capital = words.filter((w) => /^[A-Z0-9(“"]/.test(w)).length;
  return words.length <= 10 && capital >= Math.ceil(words.length * 0.6);
}

const SAFE_HARBOR_CONTENT = /forward[- ]looking (statements?|information)/i;
const SAFE_HARBOR_CONTEXT = /(identify forward|cannot guarantee|undue reliance|Section 27A|Section 21E|risks? and uncertaint|Private Securities Litigation Reform Act|undertakes? no (obligation|duty)|actual (results|events)|differ materially|safe harbou?r)/i;

/** The kind of a paragraph judged on its own text. */
export function paragraphKind(text: string): ParagraphKind {
  const t = text.trim();
  // a long paragraph is safe harbor only when it opens as one (else it is news that ends with it)
  const head = t.length > 1500 ? t.slice(0, 400) : t;
  if (SAFE_HARBOR_CONTENT.test(head) && SAFE_HARBOR_CONTEXT.test(head)) return 'safe-harbor';
  // the opening sentence of a safe harbor, on its own: its risks follow in the next paragraph
  if (t.length < 600 && /^(This|The) (press |news )?(release|announcement|communication) (contains|includes|may contain)\b[^.]{0,40}forward[- ]looking/i.test(t)) return 'safe-harbor';
  if (t.length < 400 && /press releases? (are|is) available|\b(logo|photo|image|video)s? (is|are) available (at|on|for)\b|review the .{0,40}Safe Harbou?r Statement|available (on|at|through|from) (the|our|its) (company'?s? )?(web ?site|internet|home page)|^(Web ?site|Internet|Home ?page)s?\s*:\s*\S+$/i.test(t)) return 'availability';
  if (/^(https?:\/\/|www\.)\S+$/i.test(t)) return 'availability';
  if (/^SOURCE:?\s|^Source:\s/.test(t) && t.length < 300) return 'source-line';
  if (/^\/?(CONTACT|Web site|Photo|NOTE TO EDITORS)\s*:/i.test(t) || /^(CO|ST|IN|SU|KW):\s/.test(t) || /^\/[^/]+\/$/.test(t) || /^-{0,2}\s*(PR ?Newswire|Business ?Wire|GlobeNewswire|Marketwire|ACCESSWIRE)\b.{0,60}$/i.test(t) || (t.length < 400 && /^(This (news|press) release was distributed by|News Provided by|To view the original version on|Logo\s*-\s*https?:|Photo\s*-\s*https?:|Multimedia\s*-\s*https?:|View original content)/i.test(t))) return 'pr-wire';
  if (/^Pursuant to the requirements of the Securities Exchange Act of 1934/i.test(t) || /^(By|Date|Name|Title)\s*:\s*\S/.test(t) && t.length < 200 || /^\/s\//.test(t)) return 'signature';
  // `Note to Investors Please visit http://investor.… where TASER discloses information …`
  // (`Note to InvestorsPlease visit …` when an export lost the break); `Visit our Investor Relations Safe Harbor Statement at: http://…`
  const noteToInvestors = /^(?:Notes? to (?:Investors|Shareholders|Stockholders)|NOTES? TO (?:INVESTORS|SHAREHOLDERS|STOCKHOLDERS))(?![a-z])/.test(t);
  if (t.length < 800 && (noteToInvestors || /^(?:Please )?visit\b/i.test(t)) && IR_NOTICE.test(t) && SOCIAL_SITE.test(t)) return 'investor-note';
  // `Follow the … brand here: • Axon on Twitter: https://…`: the social links in one paragraph
  const social = /^(?:Follow|Connect with)\b[^.!?:]{0,80}:/i.exec(t);
  if (social && t.length < 1500 && (social[0].length === t.length || SOCIAL_SITE.test(t.slice(social[0].length)))) return 'social-links';
  const signals = contactSignals(t);
  // a contact block is dense with numbers and addresses; a long paragraph of news that ends with
  // one is split elsewhere, never dropped whole
  if ((signals >= 3 && t.length < 150 * signals) || (signals >= 2 && t.length < 400) || (signals >= 1 && t.length < 120 && !/[.!?]\s/.test(t))) return 'contact';
  return 'text';
}

/**
 * Whether a paragraph inside a safe-harbor section still belongs to it: it speaks of risks and
 * forward-looking statements, or is an item of the factors list. The first paragraph that does not
 * ends the section (text extracted without headings must not lose the news that follows).
 */
export function continuesSafeHarbor(text: string): boolean {
  const t = text.trim();
  if (SAFE_HARBOR_CONTENT.test(t) || SAFE_HARBOR_CONTEXT.test(t)) return true;
  if (/^([•·*▪–-]|\(?[a-z0-9]{1,3}[.)])\s/.test(t) && t.length < 600) return true;
  return t.length < 1500 && /\b(risks?|uncertaint\w*|could cause|may cause|factors|no obligation|anticipat\w*|expectations?)\b/i.test(t);
}

// Words of a contact's title or of the agency they work for.
const ROLE = /\b(President|Vice President|VP|SVP|EVP|Officer|Director|Manager|Head of|Chief|CEO|CFO|COO|Spokes(?:person|man|woman)|Relations|Communications|Public Affairs|Media|Press|Investors?|Analysts?|Secretary|Treasurer|Counsel|Coordinator|Specialist|Partner|Principal|Hotline)\b/;
const AGENCY = /(?:,\s*|\s)(?:Inc|LLC|Ltd|Corp|Co|L\.P|LP|plc|PLC|N\.V|S\.A|AG|GmbH|Limited|Corporation|Company)\.?$|\b(?:Group|Partners|Advisors|Advisers|Associates|Agency|Consulting|Public Relations|PR|IR)\b/;
// A period that ends a name, not a sentence: `Beyond Cancer, Ltd.`, `Corey Davis, Ph.D.`
const NAME_END = /\b(?:Inc|Ltd|Corp|Co|Jr|Sr|Ph\.?D|M\.?D|L\.P|N\.V|S\.A|[A-Z])\.$/;

/**
 * Whether a paragraph inside a contact block is one of its lines: a phone, an e-mail, a title or
 * agency line, a label (`Media:`), or a short line (a name, a company) with a phone, an e-mail or a
 * title among the next two paragraphs. A sentence is never a contact line, so the block ends at the
 * first paragraph of the body that follows it.
 */
export function isContactLine(text: string, next: readonly string[]): boolean {
  const t = text.trim();
  const words = t.split(/\s+/).length;
  if (/[.!?]["”]?\s+[A-Z]/.test(t.replace(/\b(?:Inc|Ltd|Corp|Co|Jr|Sr|Dr|Mr|Ms|Mrs|[A-Z])\.\s/g, ' '))) return false;
  // an e-mail, a phone or a link, run together with the wire's closing lines
  if (t.length <= 400 && (contactSignals(t) > 0 || /(?:https?:\/\/|www\.)\S+/i.test(t))) return true;
  if (t.length > 150 || words > 14) return false;
  if (/[.!?]$/.test(t) && !NAME_END.test(t) && words >= 5) return false;
  if (ROLE.test(t) || AGENCY.test(t) || /^[\w .&'’-]{1,40}:$/.test(t)) return true;
  return next.some((n) => n.length <= 150 && (contactSignals(n) > 0 || ROLE.test(n)));
}

/** Whether a paragraph continues a footer section: a link name or address under "Follow us", the investor notice. */
export function continuesFooter(text: string, footer: string): boolean {
  const t = text.trim();
  if (footer === 'investor-note') return t.length < 800 && (IR_NOTICE.test(t) || SOCIAL_SITE.test(t));
  // link names printed one to a line (`Axon View`, `Twitter`), or the links themselves
  return (t.length < 120 && SOCIAL_SITE.test(t)) || (t.split(/\s+/).length <= 5 && !/[.!?,;:]$/.test(t) && !/[.!?]\s/.test(t));
}
