import { identityOf } from '../clean/release-identity.js';

// identityOf lives beside the release (the store keeps each release's identity with its lead)
export { identityOf, type ReleaseIdentity } from '../clean/release-identity.js';

/** Days between two ISO dates (NaN when either is not one). */
function daysApart(a: string, b: string): number {
  const ms = Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`);
  return Math.abs(ms) / 86_400_000;
}

// A dateline this far from the filing date is worth a reader's second look.
export const DATE_NOTE_DAYS = 31;

/**
 * A note when a release's dateline and its filing date disagree by more than a month (a Lorus
 * release reads "JANUARY 22, 2003" in a filing of 2004): the dateline is kept, never swapped for
 * the filing date, and the note says so. Undefined when they agree or either is unknown.
 */
export function dateNote(release: { date: string; sources?: readonly object[] }): string | undefined {
  const { filedAt } = identityOf(release.sources ? { sources: release.sources } : {});
  if (!release.date || !filedAt) return undefined;
  const days = daysApart(release.date, filedAt);
  if (!(days > DATE_NOTE_DAYS)) return undefined;
  const span = days >= 365 ? `${Math.round(days / 36.5) / 10} years` : `${Math.round(days)} days`;
  return `The dateline reads ${release.date}, ${span} ${release.date < filedAt ? 'before' : 'after'} the filing date ${filedAt}; the date shown is the dateline's.`;
}
