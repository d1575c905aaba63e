import { resolve } from 'node:path';
import { redactUrl } from '../engine/connection-string.js';
import { BACKENDS, type BackendName, type EngineConfig } from '../engine/open-engine.js';

/** Settings shared by the commands, resolved once: defaults → environment → flags. */
export interface Config {
  corpusDir: string;
  indexDir: string;
  port: number;
  logLevel: string;
  /** The public base URL absolute links are built from (behind a proxy); undefined: the request's host. */
  publicUrl?: string;
  /** Which backend holds the index: the in-process engine over `indexDir` (default), or PostgreSQL. */
  engine: BackendName;
  /** The PostgreSQL connection string (required with `engine: 'postgres'`). */
  databaseUrl?: string;
  /** A streaming replica of the database that readers (serve, search) send searches to. */
  replicaUrl?: string;
}

/** Flags every command accepts (for node:util parseArgs). */
export const CONFIG_FLAGS = {
  corpus: { type: 'string' },
  index: { type: 'string' },
  port: { type: 'string' },
  'public-url': { type: 'string' },
  engine: { type: 'string' },
  'database-url': { type: 'string' },
  'replica-url': { type: 'string' },
} as const;

/** A command line that cannot be run: the message says what to type instead; exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function parsePort(text: string, from: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(n) || n > 65535) {
    throw new UsageError(`${from} must be a port number from 0 to 65535, got ${JSON.stringify(text)}`);
  }
  return n;
}

/** An http(s) origin with an optional path, without a trailing slash: `https://search.example.com`. */
function parsePublicUrl(text: string, from: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new UsageError(`${from} must be an absolute http or https URL, e.g. https://search.example.com, got ${JSON.stringify(text)}`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash || url.username) {
    throw new UsageError(`${from} must be an http or https URL without query, fragment or credentials, got ${JSON.stringify(text)}`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function parseEngine(text: string, from: string): BackendName {
  const name = text.trim();
  if (!(BACKENDS as readonly string[]).includes(name)) throw new UsageError(`${from} must be one of ${BACKENDS.join(', ')}, got ${JSON.stringify(text)}`);
  return name as BackendName;
}

/** A postgres:// or postgresql:// URL; never echoed back with its password. */
function parseDatabaseUrl(text: string, from: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new UsageError(`${from} must be a URL like postgres://user@host:5432/db (it is not one)`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new UsageError(`${from} must start postgres:// or postgresql://, got ${redactUrl(text.trim())}`);
  return text.trim();
}

/**
 * The engine a command opens: the memory backend over the index folder, or PostgreSQL. A writer
 * (reindex) may create the database's schema; readers never do. `watch`: follow other processes'
 * commits (a server).
 */
export function engineConfig(config: Config, opts: { writer?: 'if-missing' | 'replace'; watch?: boolean; schema?: string; logger?: { info(o: object, m: string): void; warn(o: object, m: string): void; error(o: object, m: string): void } } = {}): EngineConfig {
  if (config.engine === 'postgres') {
    return {
      backend: 'postgres',
      url: config.databaseUrl!,
      // writes go to the primary alone; readers search the replica when there is one
      ...(opts.writer ? { create: opts.writer } : config.replicaUrl ? { replicaUrl: config.replicaUrl } : {}),
      ...(opts.schema ? { schema: opts.schema } : {}),
      ...(opts.watch ? { watch: true } : {}),
      ...(opts.logger ? { logger: opts.logger } : {}),
    };
  }
  return { backend: 'memory', indexDir: config.indexDir, ...(opts.watch ? { watch: true } : {}), ...(opts.logger ? { logger: opts.logger } : {}) };
}

/** Resolve the configuration; directories become absolute against `cwd`. */
export function resolveConfig(
  flags: {
    corpus?: string | undefined;
    index?: string | undefined;
    port?: string | undefined;
    'public-url'?: string | undefined;
    engine?: string | undefined;
    'database-url'?: string | undefined;
    'replica-url'?: string | undefined;
  },
  env: Record<string, string | undefined>,
  cwd: string,
): Config {
  const logLevel = env.LOG_LEVEL?.trim() || 'info';
  if (!LEVELS.includes(logLevel)) throw new UsageError(`LOG_LEVEL must be one of ${LEVELS.join(', ')}, got ${JSON.stringify(logLevel)}`);
  const port = flags.port !== undefined ? parsePort(flags.port, '--port') : env.PORT?.trim() ? parsePort(env.PORT, 'PORT') : 3000;
  const config: Config = {
    corpusDir: resolve(cwd, flags.corpus ?? (env.CORPUS_DIR?.trim() || 'corpus')),
    indexDir: resolve(cwd, flags.index ?? (env.INDEX_DIR?.trim() || 'index')),
    port,
    logLevel,
    engine: parseEngine(flags.engine ?? (env.ENGINE?.trim() || 'memory'), flags.engine !== undefined ? '--engine' : 'ENGINE'),
  };
  const databaseUrl = flags['database-url'] ?? (env.DATABASE_URL?.trim() || undefined);
  if (databaseUrl !== undefined) config.databaseUrl = parseDatabaseUrl(databaseUrl, flags['database-url'] !== undefined ? '--database-url' : 'DATABASE_URL');
  if (config.engine === 'postgres' && config.databaseUrl === undefined) {
    throw new UsageError('--engine postgres needs --database-url URL or DATABASE_URL (`npm run db -- start` starts a local PostgreSQL and prints one)');
  }
  const replicaUrl = flags['replica-url'] ?? (env.REPLICA_URL?.trim() || undefined);
  if (flags['replica-url'] !== undefined && config.engine !== 'postgres') {
    throw new UsageError('--replica-url is a replica of the postgres index: add --engine postgres and --database-url URL of the primary');
  }
  // REPLICA_URL in the environment applies to the postgres engine only
  if (replicaUrl !== undefined && config.engine === 'postgres') config.replicaUrl = parseDatabaseUrl(replicaUrl, flags['replica-url'] !== undefined ? '--replica-url' : 'REPLICA_URL');
  const publicUrl = flags['public-url'] ?? (env.PUBLIC_URL?.trim() || undefined);
  if (publicUrl !== undefined) config.publicUrl = parsePublicUrl(publicUrl, flags['public-url'] !== undefined ? '--public-url' : 'PUBLIC_URL');
  return config;
}
