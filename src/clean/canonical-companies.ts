import { companyWords } from './company-name.js';

const LEGAL_SUFFIX = /\b(Inc|Incorporated|Corporation|Corp|Company|Co|Ltd|Limited|N\.V|plc|AG|S\.A|SE|LLC|L\.P)\.?$/i;

const keyOf = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

interface Named {
  company: string;
  body: string;
  sources: readonly { file: string }[];
}

/**
 * One spelling per issuer within a filing: names read from release text vary (`Alcoa`, `Alcoa Inc.`,
 * `FOR IMMEDIATE RELEASE Alcoa Inc.`, `TASER International` / `Taser`), which splits facets and
 * recurrence counts. Within each source file:
 * - a name that ends with a more frequent name is that name (labels read in front of it);
 * - names sharing their first distinctive word are one issuer, written in its most frequent form
 *   with a legal suffix;
 * - when one issuer holds 80% of a file's named releases (an issuer's own 8-Ks), a release with no
 *   name, or naming another company first but mentioning the issuer, is the issuer's.
 * Returns the new company of each item, in order; ties are broken by name, never by order.
 */
export function canonicalCompanies(items: readonly Named[]): string[] {
  const byFile = new Map<string, number[]>();
  items.forEach((it, i) => {
    const file = it.sources[0]?.file ?? '';
    const list = byFile.get(file) ?? [];
    list.push(i);
    byFile.set(file, list);
  });
  const out = items.map((it) => it.company);
  for (const indexes of byFile.values()) {
    const counts = new Map<string, number>();
    for (const i of indexes) if (out[i]) counts.set(out[i]!, (counts.get(out[i]!) ?? 0) + 1);
    // 1. strip what was read in front of a known name
    const names = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
    const trimmed = new Map<string, string>();
    for (const name of names) {
      const key = keyOf(name);
      // only a MORE frequent name is the base: "TASER International, Inc." (57) is not a label in
      // front of "International, Inc." (2, read from "TASER ® International, Inc.")
      const base = names.find((other) => other !== name && counts.get(other)! >= 2 && counts.get(other)! > counts.get(name)! && key.endsWith(` ${keyOf(other)}`));
      trimmed.set(name, base ?? name);
    }
    // 2. cluster by the first distinctive word
    const clusters = new Map<string, Map<string, number>>();
    for (const [name, n] of counts) {
      const t = trimmed.get(name)!;
      const word = [...companyWords(t)][0] ?? keyOf(t);
      const forms = clusters.get(word) ?? new Map<string, number>();
      forms.set(t, (forms.get(t) ?? 0) + n);
      clusters.set(word, forms);
    }
    const canonical = new Map<string, string>();
    const clusterSize = new Map<string, number>();
    for (const [word, forms] of clusters) {
      const ranked = [...forms].sort((a, b) => Number(LEGAL_SUFFIX.test(b[0])) - Number(LEGAL_SUFFIX.test(a[0])) || b[1] - a[1] || a[0].localeCompare(b[0]));
      canonical.set(word, ranked[0]![0]);
      clusterSize.set(word, [...forms.values()].reduce((s, n) => s + n, 0));
    }
    const wordOf = (name: string) => {
      const t = trimmed.get(name)!;
      return [...companyWords(t)][0] ?? keyOf(t);
    };
    const named = [...counts.values()].reduce((s, n) => s + n, 0);
    const top = [...clusterSize].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))[0];
    for (const i of indexes) {
      const dominant = top && named >= 3 && top[1] >= 0.8 * named ? top[0] : undefined;
      if (out[i] && wordOf(out[i]!) !== dominant && dominant && new RegExp(`\\b${dominant}\\b`, 'i').test(items[i]!.body)) out[i] = canonical.get(dominant)!;
      else if (out[i]) out[i] = canonical.get(wordOf(out[i]!))!;
      else if (dominant) out[i] = canonical.get(dominant)!;
    }
  }
  return out;
}
