import pg from 'pg';

/**
 * A pool of connections with the settings every search relies on. `search`: the pool answers
 * searches (the statement timeout and planner settings below); otherwise it only writes and
 * follows commits.
 */
export function openPool(url: string, opts: { size: number; timeoutMs: number; search: boolean; customPlans?: boolean }): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.size,
    // also how long a search waits for a free connection under load (a refused connect fails at once)
    connectionTimeoutMillis: 15_000,
    idleTimeoutMillis: 30_000,
    // enable_seqscan off: a word in most releases still reads them through the GIN index, never by
    // detoasting every release's tsvector in a sequential scan (190 of 380 ms at 10k, measured);
    // jit off: searches are short, and the disabled scan's cost made every one compile (2 s)
    // customPlans: prepared statements planned for their parameters every time (prepared.ts)
    ...(opts.search ? { options: `-c statement_timeout=${opts.timeoutMs} -c pg_trgm.similarity_threshold=0.2 -c enable_seqscan=off -c jit=off${opts.customPlans ? ' -c plan_cache_mode=force_custom_plan' : ''}` } : {}),
  });
  // an idle connection the server drops must not crash the process: the next query reconnects
  pool.on('error', () => undefined);
  return pool;
}

/**
 * LISTEN on a channel over a connection of its own, reconnecting with backoff (0.5 s doubling to
 * 30 s) when it drops. `closed` stops the reconnecting; the returned function ends the connection.
 */
export async function listenTo(url: string, channel: string, onNotify: (payload: string | undefined) => void, closed: () => boolean): Promise<() => Promise<void>> {
  let current: pg.Client | undefined;
  const listen = async (delay: number): Promise<void> => {
    if (closed()) return;
    const client = new pg.Client({ connectionString: url });
    let retried = false;
    const retry = () => {
      if (retried) return;
      retried = true;
      current = undefined;
      void client.end().catch(() => undefined);
      setTimeout(() => void listen(Math.min(delay * 2, 30_000)), delay).unref();
    };
    client.on('notification', (n) => onNotify(n.payload));
    client.on('error', retry);
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
      current = client;
      if (closed()) await client.end();
    } catch {
      retry();
    }
  };
  await listen(500);
  return async () => {
    await current?.end().catch(() => undefined);
  };
}
