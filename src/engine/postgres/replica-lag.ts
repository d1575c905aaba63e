import type { ReplicaStatus } from '../engine.js';
import { ident } from './schema.js';

type Query = (text: string, values: unknown[]) => Promise<Record<string, unknown>[]>;

/** WAL received but not replayed for this long counts as lagging even before a commit is missed. */
export const STUCK_REPLAY_SECONDS = 30;

/**
 * How far the replica's index is behind the primary's. The generation is what matters to a
 * reader: a replica holding the primary's generation serves its answers, whatever else is still
 * being replayed; one holding an older generation lags by the time since the primary's commit.
 * A replay that has WAL waiting and has not applied any for a while lags too (the next commit
 * will be late). The primary unreachable: the lag is unknown, and said so.
 */
export async function replicaLag(replica: Query, primary: Query, schema: string): Promise<ReplicaStatus> {
  const s = ident(schema);
  const [r] = await replica(
    `SELECT m.generation, pg_is_in_recovery() AS standby,
       CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() END AS paused,
       CASE WHEN pg_is_in_recovery() THEN extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 END AS replay_age,
       CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn() IS DISTINCT FROM pg_last_wal_replay_lsn() END AS behind
     FROM ${s}.meta m`,
    [],
  );
  const row = r as { generation: string; standby: boolean; paused: boolean | null; replay_age: number | null; behind: boolean | null };
  const base: ReplicaStatus = { lagging: false, lagSeconds: 0, generation: row.generation, ...(row.paused ? { replayPaused: true } : {}) };
  let p: { generation: string; age: number };
  try {
    const [found] = await primary(`SELECT generation, greatest(0, extract(epoch FROM now() - built_at))::float8 AS age FROM ${s}.meta`, []);
    p = found as { generation: string; age: number };
  } catch (err) {
    return { ...base, reason: `the primary cannot be asked: ${(err as Error).message}` };
  }
  const status: ReplicaStatus = { ...base, primaryGeneration: p.generation };
  if (p.generation !== row.generation) return { ...status, lagging: true, lagSeconds: round(p.age) };
  const stuck = row.behind === true && (row.replay_age ?? 0) > STUCK_REPLAY_SECONDS;
  return stuck ? { ...status, lagging: true, lagSeconds: round(row.replay_age ?? 0) } : status;
}

const round = (x: number) => Math.round(Number(x) * 10) / 10;
