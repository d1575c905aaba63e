/**
 * A throwaway PostgreSQL cluster for a test file: created in a temporary folder on a free port
 * (run as the postgres user when the tests run as root), stopped and removed afterwards. Where the
 * binaries are missing the tests that need it are skipped, with one line per run naming the
 * package, except under CI=1, where the missing binaries fail the run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { PG_PACKAGES, pgBinDir, startCluster, stopCluster, type Cluster } from '../../src/cli/pg-cluster.js';

export const HAVE_PG = pgBinDir() !== undefined;

if (!HAVE_PG) {
  if (['1', 'true'].includes(process.env['CI'] ?? '')) throw new Error(`PostgreSQL is not installed, and CI runs the postgres tests: apt-get install ${PG_PACKAGES}`);
  try {
    // one line for the whole run: the first test file of this vitest process says it
    writeFileSync(join(tmpdir(), `prsearch-pg-skipped-${process.ppid}`), '', { flag: 'wx' });
    process.stderr.write(`postgres tests skipped: PostgreSQL is not installed; apt-get install ${PG_PACKAGES}\n`);
  } catch {
    // already said
  }
}

/** Start a cluster before the file's tests and stop it after; `get()` gives it inside tests. */
export function useTestCluster(): { get(): Cluster } {
  let cluster: Cluster | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    if (!HAVE_PG) return;
    dir = mkdtempSync(join(tmpdir(), 'prsearch-pg-'));
    cluster = await startCluster(dir);
  }, 120_000);
  afterAll(() => {
    if (dir) {
      try {
        stopCluster(dir);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
  return {
    get() {
      if (!cluster) throw new Error('test bug: the cluster is started in beforeAll');
      return cluster;
    },
  };
}

let schemas = 0;
/** A new schema name, unique within the test file's cluster. */
export function freshSchema(prefix = 't'): string {
  return `${prefix}_${process.pid}_${++schemas}`;
}
