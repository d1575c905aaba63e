/** `npm run db -- start|stop|status`: a private PostgreSQL cluster under `.pg/` for trying the postgres engine. */
import { resolve } from 'node:path';
import { clusterRunning, clusterUrl, PG_PACKAGES, pgBinDir, startCluster, stopCluster } from './pg-cluster.js';

const HELP = `Usage: npm run db -- start|stop|status [--dir DIR]

A private PostgreSQL cluster for the postgres engine, in .pg/ (or --dir): created by the first
start (initdb, its own port and socket directory, trust authentication on 127.0.0.1 only), then
started and stopped. Prints the DATABASE_URL to use:

  export DATABASE_URL=$(npm run -s db -- start)
  npm run reindex -- --engine postgres
  npm start -- --engine postgres
`;

/** Run the db command; returns the exit code (0 done, 2 usage, 3 PostgreSQL missing or failing). */
export async function main(argv: string[], cwd: string): Promise<number> {
  const args = [...argv];
  let dir = resolve(cwd, '.pg');
  const at = args.indexOf('--dir');
  if (at >= 0) {
    const value = args[at + 1];
    if (!value) {
      process.stderr.write('db: --dir needs a folder\n');
      return 2;
    }
    dir = resolve(cwd, value);
    args.splice(at, 2);
  }
  const [verb, ...rest] = args;
  if (verb === '--help' || verb === '-h') {
    process.stdout.write(HELP);
    return 0;
  }
  if (rest.length || (verb !== 'start' && verb !== 'stop' && verb !== 'status')) {
    process.stderr.write(`db: expected start, stop or status\n\n${HELP}`);
    return 2;
  }
  if (!pgBinDir()) {
    process.stderr.write(`db: PostgreSQL is not installed: apt-get install ${PG_PACKAGES}\n`);
    return 3;
  }
  try {
    if (verb === 'start') {
      const cluster = await startCluster(dir);
      process.stderr.write(`db: running in ${dir}\n`);
      process.stdout.write(`${cluster.url}\n`);
    } else if (verb === 'stop') {
      process.stderr.write(stopCluster(dir) ? `db: stopped ${dir}\n` : `db: not running (${dir})\n`);
    } else {
      const running = clusterRunning(dir);
      const url = clusterUrl(dir);
      process.stdout.write(`${running ? 'running' : url ? 'stopped' : 'not created'}${url ? ` ${url}` : ''}\n`);
      return running ? 0 : 1;
    }
  } catch (err) {
    process.stderr.write(`db: ${(err as Error).message}\n`);
    return 3;
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2), process.cwd());
