/** `npm run db -- start|stop|status`: a private PostgreSQL cluster under `.pg/` for trying the postgres engine. */
import { join, resolve } from 'node:path';
import { clusterRunning, clusterUrl, PG_PACKAGES, pgBinDir, startCluster, startReplica, stopCluster } from './pg-cluster.js';

const HELP = `Usage: npm run db -- start|stop|status [--dir DIR] [--replica]

A private PostgreSQL cluster for the postgres engine, in .pg/ (or --dir): created by the first
start (initdb, its own port and socket directory, trust authentication on 127.0.0.1 only), then
started and stopped. Prints the DATABASE_URL to use:

  export DATABASE_URL=$(npm run -s db -- start)
  npm run reindex -- --engine postgres
  npm start -- --engine postgres

With --replica, start also runs a streaming replica of it (in .pg/replica: pg_basebackup,
standby.signal) and prints the replica's URL instead, for npm start --replica-url:

  export REPLICA_URL=$(npm run -s db -- start --replica)

stop stops the replica too; status reports both.
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
  const withReplica = args.includes('--replica');
  if (withReplica) args.splice(args.indexOf('--replica'), 1);
  const replicaDir = join(dir, 'replica');
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
      process.stderr.write(`db: running in ${dir} (DATABASE_URL=${cluster.url})\n`);
      if (withReplica) {
        const replica = await startReplica(cluster, replicaDir);
        process.stderr.write(`db: replica running in ${replicaDir} (REPLICA_URL=${replica.url})\n`);
        process.stdout.write(`${replica.url}\n`);
      } else process.stdout.write(`${cluster.url}\n`);
    } else if (verb === 'stop') {
      // the replica first: stopped after its primary, it would wait for it to come back
      if (stopCluster(replicaDir)) process.stderr.write(`db: stopped ${replicaDir}\n`);
      process.stderr.write(stopCluster(dir) ? `db: stopped ${dir}\n` : `db: not running (${dir})\n`);
    } else {
      const running = clusterRunning(dir);
      const url = clusterUrl(dir);
      process.stdout.write(`${running ? 'running' : url ? 'stopped' : 'not created'}${url ? ` ${url}` : ''}\n`);
      const replicaUrl = clusterUrl(replicaDir);
      if (replicaUrl) process.stdout.write(`replica ${clusterRunning(replicaDir) ? 'running' : 'stopped'} ${replicaUrl}\n`);
      return running ? 0 : 1;
    }
  } catch (err) {
    process.stderr.write(`db: ${(err as Error).message}\n`);
    return 3;
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2), process.cwd());
