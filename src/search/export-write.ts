import { stringify } from 'csv-stringify/sync';
import { capNote, capped, csvCells, EXPORT_CAP, EXPORT_COLUMNS, type ExportFormat, type ExportPage, type ExportRequest } from './export.js';

/**
 * An export as text chunks, one per page of rows: CSV (csv-stringify, formula cells neutralised,
 * an optional byte-order mark for Excel), NDJSON (one object a line) or JSON (one object whose
 * `results` come first and whose last fields say whether the cap was hit). A capped export ends
 * with a line saying so: a CSV row whose first cell starts with `#`, an NDJSON `{"capped":…}`.
 */
export async function* exportChunks(format: ExportFormat, pages: AsyncIterable<ExportPage>, opts: { bom?: boolean; request: ExportRequest; cap?: number }): AsyncGenerator<string> {
  const cap = opts.cap ?? EXPORT_CAP;
  let exported = 0;
  let total = 0;
  if (format === 'csv') yield stringify([], { header: true, columns: [...EXPORT_COLUMNS], bom: opts.bom === true });
  if (format === 'json') yield `{"query":${JSON.stringify(opts.request.q)},"results":[`;
  for await (const page of pages) {
    total = page.total;
    if (page.rows.length === 0) continue;
    if (format === 'csv') yield stringify(page.rows.map(csvCells));
    else if (format === 'ndjson') yield page.rows.map((r) => `${JSON.stringify(r)}\n`).join('');
    else yield `${exported > 0 ? ',' : ''}\n${page.rows.map((r) => JSON.stringify(r)).join(',\n')}`;
    exported += page.rows.length;
  }
  const cut = capped(exported, total, cap);
  if (format === 'csv' && cut) yield stringify([[`# ${capNote(total, cap)}`, ...EXPORT_COLUMNS.slice(1).map(() => '')]]);
  if (format === 'ndjson' && cut) yield `${JSON.stringify({ capped: true, cap, exported, total, message: capNote(total, cap) })}\n`;
  if (format === 'json') yield `\n],"exported":${exported},"total":${total},"capped":${cut}${cut ? `,"cap":${cap},"message":${JSON.stringify(capNote(total, cap))}` : ''}}\n`;
}
