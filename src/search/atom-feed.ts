/**
 * An Atom 1.0 document (RFC 4287) from plain data. Filing text goes in as text: the XML special
 * characters are escaped and characters XML 1.0 does not allow (C0 controls other than tab, line
 * feed and carriage return, lone surrogates, U+FFFE/U+FFFF), and the C1 controls it discourages,
 * are dropped, so no filing can break the document.
 */

export interface AtomEntry {
  id: string;
  title: string;
  /** RFC 3339 timestamps. */
  updated: string;
  published?: string;
  /** The release page. */
  link: string;
  /** The filing on EDGAR, when known. */
  related?: string;
  author: string;
  summary: string;
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle?: string;
  updated: string;
  /** The feed's own URL. */
  self: string;
  /** The results page it follows. */
  alternate: string;
  generator?: string;
  entries: AtomEntry[];
}

// XML 1.0 Char, less the C1 controls (and DEL) that §2.2 discourages
const NOT_XML = /[^\t\n\r\u0020-\u007e\u00a0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/** Text for an XML element or attribute: allowed characters only, `& < > " '` escaped. */
export function xmlText(s: string): string {
  return s.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;'));
}

/** An ISO date (`YYYY-MM-DD`) as an RFC 3339 timestamp at midnight UTC; undefined when it is not a date. */
export function dayTimestamp(date: string): string | undefined {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(Date.parse(date)) ? `${date}T00:00:00Z` : undefined;
}

const el = (name: string, value: string, indent = '  ') => `${indent}<${name}>${xmlText(value)}</${name}>\n`;
const link = (rel: string, href: string, type: string, indent: string, title?: string) =>
  `${indent}<link rel="${rel}" type="${type}" href="${xmlText(href)}"${title ? ` title="${xmlText(title)}"` : ''}/>\n`;

function entry(e: AtomEntry): string {
  const i = '    ';
  return [
    '  <entry>\n',
    el('id', e.id, i),
    `${i}<title type="text">${xmlText(e.title)}</title>\n`,
    el('updated', e.updated, i),
    e.published ? el('published', e.published, i) : '',
    link('alternate', e.link, 'text/html', i),
    e.related ? link('related', e.related, 'text/html', i, 'The filing on EDGAR') : '',
    `${i}<author><name>${xmlText(e.author)}</name></author>\n`,
    `${i}<summary type="text">${xmlText(e.summary)}</summary>\n`,
    '  </entry>\n',
  ].join('');
}

/** The feed as an XML document (UTF-8). */
export function atomXml(f: AtomFeed): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>\n',
    '<feed xmlns="http://www.w3.org/2005/Atom">\n',
    el('id', f.id),
    `  <title type="text">${xmlText(f.title)}</title>\n`,
    f.subtitle ? `  <subtitle type="text">${xmlText(f.subtitle)}</subtitle>\n` : '',
    el('updated', f.updated),
    link('self', f.self, 'application/atom+xml', '  '),
    link('alternate', f.alternate, 'text/html', '  '),
    f.generator ? el('generator', f.generator) : '',
    ...f.entries.map(entry),
    '</feed>\n',
  ].join('');
}
