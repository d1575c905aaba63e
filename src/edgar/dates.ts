/** Calendar days as EDGAR writes them (YYYY-MM-DD), checked strictly. */

/** A date given on the command line that cannot be used: the message says what to type. */
export class DateInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DateInputError';
  }
}

/** Today's date in UTC, YYYY-MM-DD. */
export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** `text` as a real calendar day (YYYY-MM-DD), not after `today`; `flag` names it in errors. */
export function parseDay(text: string, flag: string, today: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !d || d.toISOString().slice(0, 10) !== text.trim()) {
    throw new DateInputError(`${flag} must be a date written YYYY-MM-DD (e.g. 2024-01-31), got ${JSON.stringify(text)}`);
  }
  const day = text.trim();
  if (day > today) throw new DateInputError(`${flag} ${day} is in the future (today is ${today}); EDGAR has no filings from then yet`);
  if (day < '1993-01-01') throw new DateInputError(`${flag} ${day} is before EDGAR began (1993); nothing was filed electronically then`);
  return day;
}

/** The next calendar day. */
export function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Saturday or Sunday: EDGAR publishes no daily index then. */
export function isWeekend(day: string): boolean {
  const w = new Date(`${day}T00:00:00Z`).getUTCDay();
  return w === 0 || w === 6;
}

/** `--daily` values: days (YYYY-MM-DD) or ranges (FROM..TO), each day once, in order. */
export function parseDailyDays(values: string[], today: string, maxDays = 366): string[] {
  const days = new Set<string>();
  for (const value of values) {
    for (const part of value.split(',').filter((p) => p.trim() !== '')) {
      const [from, to, extra] = part.split('..');
      if (extra !== undefined) throw new DateInputError(`--daily takes a day or a range FROM..TO, got ${JSON.stringify(part)}`);
      const first = parseDay(from!, '--daily', today);
      const last = to === undefined ? first : parseDay(to, '--daily', today);
      if (last < first) throw new DateInputError(`--daily ${part} is a reversed range: ${last} is before ${first} (write FROM..TO)`);
      for (let d = first; d <= last; d = nextDay(d)) {
        days.add(d);
        if (days.size > maxDays) throw new DateInputError(`--daily covers more than ${maxDays} days; fetch a long history by --ticker or --cik instead`);
      }
    }
  }
  return [...days].sort();
}

/** `--since`/`--until` as a checked range. */
export function parseRange(since: string | undefined, until: string | undefined, today: string): { since?: string; until?: string } {
  const s = since === undefined ? undefined : parseDay(since, '--since', today);
  const u = until === undefined ? undefined : parseDay(until, '--until', today);
  if (s && u && u < s) throw new DateInputError(`--since ${s} is after --until ${u}: the range is reversed`);
  return { ...(s ? { since: s } : {}), ...(u ? { until: u } : {}) };
}
