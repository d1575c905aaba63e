// Exchange names as filings write them, mapped to one spelling.
const EXCHANGES: [RegExp, string][] = [
  [/^OTC\s*BB$|^OTCBB$|^OTC Bulletin Board$/i, 'OTCBB'],
  [/^OTC(QB|QX)?$/i, 'OTC'],
  [/^Nasdaq.*$/i, 'NASDAQ'],
  [/^NYSE\s*(American|MKT|Amex)$/i, 'AMEX'],
  [/^NYSE.*$/i, 'NYSE'],
  [/^(AMEX|American Stock Exchange)$/i, 'AMEX'],
  [/^(TSX|TSE|Toronto Stock Exchange)$/i, 'TSX'],
  [/^TSX[- ]?V$/i, 'TSXV'],
  [/^(LSE|London Stock Exchange)$/i, 'LSE'],
  [/^Euronext.*$/i, 'EURONEXT'],
  [/^SIX.*$/i, 'SIX'],
];
const EXCHANGE = '(OTC\\s*BB|OTCBB|OTCQB|OTCQX|OTC|Nasdaq(?:\\s+(?:Global(?:\\s+Select)?|National|Capital))?(?:\\s+Market)?|NASDAQ(?:GS|GM)?|NYSE(?:\\s+(?:American|MKT|Amex|Arca))?|AMEX|TSX[- ]?V|TSX|TSE|LSE|Euronext(?:\\s+\\w+)?|SIX)';
const PAIR = new RegExp(`\\b${EXCHANGE}\\s*:\\s*"?([A-Z][A-Z0-9]{0,5}(?:\\.[A-Z]{1,2})?)\\b`, 'g');

export function normalizeExchange(name: string): string {
  const n = name.replace(/\s+/g, ' ').trim();
  for (const [re, to] of EXCHANGES) if (re.test(n)) return to;
  return n.toUpperCase().replace(/\s+/g, '');
}

/** Every `EXCHANGE: SYMBOL` pair in a text, normalised as `EXCHANGE:SYMBOL`. */
export function parseTickers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(PAIR)) {
    const t = `${normalizeExchange(m[1]!)}:${m[2]}`;
    if (!out.includes(t)) out.push(t);
  }
  return out;
}

/** Whether a paragraph is nothing but ticker lines (`TSX: LOR / OTC BB: LORFF`). */
export function isTickerLine(text: string): boolean {
  const rest = text.replace(PAIR, '').replace(/[\s/|,;()]+/g, '');
  return rest.length === 0 && parseTickers(text).length > 0;
}
