import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FilingRef } from './filing-ref.js';

/** The forms fetched when --forms is not given: the ones press releases are filed under. */
export const DEFAULT_FORMS = ['8-K', '6-K'];

/** A --forms list that cannot be used. */
export class FormsInputError extends Error {
  constructor(text: string) {
    super(`--forms takes form types separated by commas, e.g. --forms 8-K,8-K/A,6-K; got ${JSON.stringify(text)}`);
    this.name = 'FormsInputError';
  }
}

/** `8-K,6-K` as upper-case form types. */
export function parseForms(text: string | undefined): string[] {
  if (text === undefined) return DEFAULT_FORMS;
  const forms = text.split(',').map((f) => f.trim().toUpperCase().replace(/\s+/g, ' '));
  if (forms.some((f) => !/^[0-9A-Z][0-9A-Z /-]{0,19}$/.test(f))) throw new FormsInputError(text);
  return [...new Set(forms)];
}

export interface FilingFilter {
  forms: string[];
  since?: string | undefined;
  until?: string | undefined;
}

/** The filings of the wanted forms filed in [since, until], each accession once (first listing kept). */
export function selectFilings(refs: FilingRef[], filter: FilingFilter): FilingRef[] {
  const forms = new Set(filter.forms);
  const seen = new Set<string>();
  return refs.filter((r) => {
    if (!forms.has(r.form.toUpperCase())) return false;
    if (filter.since && r.filedAt < filter.since) return false;
    if (filter.until && r.filedAt > filter.until) return false;
    if (seen.has(r.accession)) return false;
    seen.add(r.accession);
    return true;
  });
}

const ACCESSION_IN_NAME = /(\d{10}-\d{2}-\d{6})\.txt$/;

/**
 * Accession numbers of the filings already in the corpus, from their file names (EDGAR's own:
 * `<accession>.txt`, `<cik>-<accession>.txt`, as this fetch and EDGAR's paths write them).
 * Dotfiles (a fetch's temporary files) do not count.
 */
export function accessionsInCorpus(corpusDir: string): Set<string> {
  const out = new Set<string>();
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      if (e.isDirectory()) walk(join(dir, e.name));
      else {
        const m = ACCESSION_IN_NAME.exec(e.name);
        if (m) out.add(m[1]!);
      }
    }
  };
  walk(corpusDir);
  return out;
}

/** Which filings to download and which the corpus already holds. */
export function planDownloads(refs: FilingRef[], present: Set<string>): { missing: FilingRef[]; present: FilingRef[] } {
  const missing: FilingRef[] = [];
  const have: FilingRef[] = [];
  for (const r of refs) (present.has(r.accession) ? have : missing).push(r);
  return { missing, present: have };
}
