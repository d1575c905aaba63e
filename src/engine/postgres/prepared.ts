import { createHash } from 'node:crypto';
import type pg from 'pg';
import { isConnectionError } from './pg-errors.js';

/**
 * Searches as named prepared statements: the text of a search depends only on the query's shape
 * (every term, filter value and window is a parameter), so each connection parses and analyses a
 * shape once, and PostgreSQL may keep its plan. Prepared statements live per session, and shapes
 * are many (every combination of operators, filters and order): each connection keeps at most
 * PER_CONNECTION of them, the least recently used deallocated, and a text longer than MAX_TEXT
 * (a query of many terms, rarely repeated) runs unnamed as before.
 */
export type PrepareMode =
  /**
   * named statements; a statement run with `plans: 'custom'` is planned for its parameters
   * every time (plan_cache_mode force_custom_plan), the rest as PostgreSQL chooses (auto: after
   * five runs, a generic plan when it looks no worse)
   */
  | 'auto'
  /** named statements, always planned for their parameters (parse and analysis saved, not planning) */
  | 'custom'
  /** unnamed statements: parsed and planned every time */
  | 'off';

export const PREPARE_MODES: readonly PrepareMode[] = ['auto', 'custom', 'off'];
export const MAX_TEXT = 32_768;
// (a search statement holds about 0.4 MB of the server's memory prepared, measured: the benchmark's 162
// queries of 11 types are 20 statements, 8.2 MB on one connection)
export const PER_CONNECTION = 32;

/** The connection's record of what it has parsed (node-postgres keeps it, and skips Parse for a name in it). */
interface ParsedStatements {
  connection?: { parsedStatements?: Record<string, string> };
}

const named = new WeakMap<pg.PoolClient, Map<string, true>>();
// each connection's plan_cache_mode, set only when a statement needs the other one
const planMode = new WeakMap<pg.PoolClient, 'auto' | 'force_custom_plan'>();

/** A statement's name: from a hash of its text, so a name is never used for two texts. */
export function statementName(text: string): string {
  return `prs_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
}

/**
 * Run one statement on a connection of the pool: named (prepared once per connection) unless
 * `mode` is off or the text is long. `plans`: whether a generic plan may serve it (`generic`),
 * or it must be planned for its values (`custom`); left out, it runs in the connection's
 * current mode (a statement planned in a tenth of a millisecond either way).
 */
export async function runStatement(pool: pg.Pool, text: string, values: unknown[], mode: PrepareMode, plans?: 'generic' | 'custom'): Promise<pg.QueryResult> {
  if (mode === 'off' || text.length > MAX_TEXT) return pool.query(text, values);
  const client = await pool.connect();
  let failed: unknown;
  try {
    // (the record is node-postgres's own: without it, eviction could not be told to it)
    if ((client as unknown as ParsedStatements).connection?.parsedStatements === undefined) return await client.query(text, values);
    const name = statementName(text);
    let held = named.get(client);
    if (!held) named.set(client, (held = new Map()));
    if (held.delete(name)) held.set(name, true);
    else {
      if (held.size >= PER_CONNECTION) await evictOldest(client, held);
      held.set(name, true);
    }
    const want = plans === 'custom' ? 'force_custom_plan' : plans === 'generic' ? 'auto' : undefined;
    if (mode === 'auto' && want && want !== (planMode.get(client) ?? 'auto')) {
      await client.query(`SET plan_cache_mode = ${want}`);
      planMode.set(client, want);
    }
    return await client.query({ name, text, values });
  } catch (err) {
    failed = err;
    throw err;
  } finally {
    // a lost connection is dropped (with what it had prepared); any other error leaves it usable
    client.release(isConnectionError(failed) ? (failed as Error) : undefined);
  }
}

async function evictOldest(client: pg.PoolClient, held: Map<string, true>): Promise<void> {
  const oldest = held.keys().next().value as string;
  held.delete(oldest);
  const parsed = (client as unknown as ParsedStatements).connection?.parsedStatements;
  // only what the server confirmed it parsed is deallocated (a statement whose Parse failed never existed)
  if (parsed?.[oldest] === undefined) return;
  try {
    await client.query(`DEALLOCATE ${oldest}`);
    delete parsed[oldest];
  } catch (err) {
    // still prepared on the server and known to the client as such: reused if it comes back
    if (isConnectionError(err)) throw err;
  }
}
