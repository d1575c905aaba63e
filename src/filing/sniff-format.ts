/** The container formats the readers understand. */
export type FilingFormat = 'submission' | 'lee-8k' | 'csv' | 'html' | 'text';

/** Recognise a filing's container by its first characters (the extension is only a hint). */
export function sniffFormat(file: string, head: string): FilingFormat {
  const start = head.trimStart().slice(0, 4096);
  if (/^(-----BEGIN PRIVACY-ENHANCED MESSAGE-----|<SEC-DOCUMENT>|<SEC-HEADER>|<IMS-DOCUMENT>)/.test(start)) return 'submission';
  if (/^<DOCUMENT>\s*\n(FILE|TIME):/.test(start)) return 'lee-8k';
  if (/^<DOCUMENT>\s*\n<TYPE>/i.test(start)) return 'submission';
  if (/\.csv$/i.test(file) || /^[\w ]+(,[\w ]+){1,}\r?\n/.test(start) && /(^|,)text(,|\r?\n)/.test(start.split('\n')[0] ?? '')) return 'csv';
  // EDGAR plain text uses <PAGE>, <TABLE>, <S>, <C> too: only real HTML tags count.
  if (/<(html|body|head)\b|<(div|p|font|br|span)[\s>/]/i.test(start.slice(0, 2048))) return 'html';
  return 'text';
}
