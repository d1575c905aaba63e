/**
 * A private PostgreSQL cluster in a folder (development and tests): initdb, its own port and
 * socket directory, pg_ctl start/stop. PostgreSQL refuses to run as root, so when this process is
 * root every server command runs as the `postgres` user (`runuser -u postgres --`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The Debian packages that hold what this module runs. */
export const PG_PACKAGES = 'postgresql postgresql-15-rum';

/** The folder holding initdb, pg_ctl and postgres, or undefined when PostgreSQL is not installed. */
export function pgBinDir(env: Record<string, string | undefined> = process.env): string | undefined {
  const candidates: string[] = [];
  if (env['PG_BIN']) candidates.push(env['PG_BIN']);
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => join(root, v, 'bin')));
  }
  return candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** The uid and gid of `postgres`, when this process is root and must hand the cluster over. */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (!isRoot()) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('running as root, and there is no postgres user to run PostgreSQL as: apt-get install postgresql creates it');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function run(bin: string, args: string[], opts: { quiet?: boolean } = {}): string {
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const out = spawnSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (out.error) throw out.error;
  if (out.status !== 0 && !opts.quiet) throw new Error(`${bin.split('/').pop()} failed (exit ${out.status}): ${(out.stderr || out.stdout).trim().slice(0, 2000)}`);
  return out.stdout;
}

/** A port nobody listens on now (the kernel's pick). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface Cluster {
  dir: string;
  port: number;
  /** `postgres://postgres@127.0.0.1:PORT/DB`: trust authentication on the loopback only. */
  url: string;
}

const PORT_FILE = 'port';
const DATABASE = 'prsearch';

function urlOf(port: number, database = DATABASE): string {
  return `postgres://postgres@127.0.0.1:${port}/${database}`;
}

function paths(dir: string) {
  return { data: join(dir, 'data'), sock: join(dir, 'sock'), log: join(dir, 'server.log'), portFile: join(dir, PORT_FILE) };
}

/** Whether the cluster in `dir` is running (pg_ctl status). */
export function clusterRunning(dir: string, bin = pgBinDir()): boolean {
  if (!bin) return false;
  const { data } = paths(dir);
  if (!existsSync(join(data, 'PG_VERSION'))) return false;
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', join(bin, 'pg_ctl'), 'status', '-D', data]] : [join(bin, 'pg_ctl'), ['status', '-D', data]];
  return spawnSync(cmd, argv, { stdio: 'ignore' }).status === 0;
}

/**
 * Create the cluster in `dir` if it is not there, start it if it is not running, and make sure
 * the `prsearch` database exists (with pg_trgm). `port`: the port to use when creating it
 * (default: a free one); a cluster keeps the port it was created with. Run as root, `dir` is
 * handed to the postgres user, so the folders above it must let others through (not a private
 * temporary folder).
 */
export async function startCluster(dir: string, opts: { port?: number; bin?: string } = {}): Promise<Cluster> {
  const { bin, p, owner } = clusterDir(dir, opts.bin);
  if (!existsSync(join(p.data, 'PG_VERSION'))) {
    const port = opts.port ?? (await freePort());
    mkdirSync(p.sock, { recursive: true });
    if (owner) chownSync(p.sock, owner.uid, owner.gid);
    run(join(bin, 'initdb'), ['-D', p.data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    const conf = [
      `port = ${port}`,
      `listen_addresses = '127.0.0.1'`,
      `unix_socket_directories = '${p.sock}'`,
      // a development cluster: small, and quick rather than crash-proof on power loss
      `shared_buffers = 128MB`,
      `max_connections = 100`,
      `fsync = off`,
      `synchronous_commit = off`,
      `full_page_writes = off`,
      `wal_level = replica`,
      `max_wal_senders = 4`,
      `logging_collector = off`,
    ];
    writeFileSync(join(p.data, 'postgresql.auto.conf'), `${conf.join('\n')}\n`);
    writeFileSync(p.portFile, String(port));
    if (owner) chownSync(p.portFile, owner.uid, owner.gid);
  }
  const port = startOnItsPort(dir, bin, p);
  const psql = join(bin, 'psql');
  const exists = run(psql, ['-h', p.sock, '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-tAc', `SELECT 1 FROM pg_database WHERE datname = '${DATABASE}'`]);
  if (exists.trim() !== '1') run(psql, ['-h', p.sock, '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-qc', `CREATE DATABASE ${DATABASE}`]);
  run(psql, ['-h', p.sock, '-p', String(port), '-U', 'postgres', '-d', DATABASE, '-qc', 'CREATE EXTENSION IF NOT EXISTS pg_trgm']);
  return { dir, port, url: urlOf(port) };
}

/** The binaries, paths and owner of a cluster folder, the folder made and handed to its owner. */
function clusterDir(dir: string, given: string | undefined) {
  const bin = given ?? pgBinDir();
  if (!bin) throw new Error(`PostgreSQL is not installed: apt-get install ${PG_PACKAGES}`);
  const p = paths(dir);
  const owner = postgresUser();
  mkdirSync(dir, { recursive: true });
  if (owner) chownSync(dir, owner.uid, owner.gid);
  return { bin, p, owner };
}

/**
 * A streaming replica of `primary` in `dir` (a hot standby, read-only): copied with pg_basebackup
 * (which writes standby.signal and the primary's connection), on a port of its own, then started.
 * A replica already there is only started. The primary needs `wal_level = replica` and a
 * replication entry in pg_hba.conf (a cluster made by `startCluster` has both).
 */
export async function startReplica(primary: Cluster, dir: string, opts: { bin?: string } = {}): Promise<Cluster> {
  const { bin, p, owner } = clusterDir(dir, opts.bin);
  if (!existsSync(join(p.data, 'PG_VERSION'))) {
    const port = await freePort();
    mkdirSync(p.sock, { recursive: true });
    if (owner) chownSync(p.sock, owner.uid, owner.gid);
    run(join(bin, 'pg_basebackup'), ['-D', p.data, '-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-X', 'stream', '-R', '-c', 'fast', '--no-sync']);
    // later lines win: the copy's port and socket are the primary's
    const conf = [
      `port = ${port}`,
      `unix_socket_directories = '${p.sock}'`,
      // the primary keeps the rows a replica's search still reads, so replay rarely cancels one
      `hot_standby_feedback = on`,
    ];
    appendFileSync(join(p.data, 'postgresql.auto.conf'), `${conf.join('\n')}\n`);
    writeFileSync(p.portFile, String(port));
    if (owner) chownSync(p.portFile, owner.uid, owner.gid);
  }
  const port = startOnItsPort(dir, bin, p);
  return { dir, port, url: urlOf(port) };
}

/** Stop the cluster in `dir` (fast shutdown); nothing when it is not running. */
export function stopCluster(dir: string, bin = pgBinDir()): boolean {
  if (!bin || !clusterRunning(dir, bin)) return false;
  run(join(bin, 'pg_ctl'), ['stop', '-w', '-m', 'fast', '-D', paths(dir).data]);
  return true;
}

/** The URL of the cluster in `dir` if it was created. */
export function clusterUrl(dir: string): string | undefined {
  const { portFile } = paths(dir);
  return existsSync(portFile) ? urlOf(Number(readFileSync(portFile, 'utf8').trim())) : undefined;
}

/** The server's version line (`psql --version` of the binaries found). */
export function pgVersion(bin = pgBinDir()): string | undefined {
  return bin ? execFileSync(join(bin, 'postgres'), ['--version'], { encoding: 'utf8' }).trim() : undefined;
}

/** Start a made cluster unless it runs; the port it was made with. */
function startOnItsPort(dir: string, bin: string, p: { portFile: string; data: string; log: string }): number {
  const port = Number(readFileSync(p.portFile, 'utf8').trim());
  if (!clusterRunning(dir, bin)) run(join(bin, 'pg_ctl'), ['start', '-w', '-t', '60', '-D', p.data, '-l', p.log]);
  return port;
}
