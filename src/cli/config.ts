import { resolve } from 'node:path';

/** Settings shared by the commands, resolved once: defaults → environment → flags. */
export interface Config {
  corpusDir: string;
  indexDir: string;
  port: number;
  logLevel: string;
  /** The public base URL absolute links are built from (behind a proxy); undefined: the request's host. */
  publicUrl?: string;
}

/** Flags every command accepts (for node:util parseArgs). */
export const CONFIG_FLAGS = {
  corpus: { type: 'string' },
  index: { type: 'string' },
  port: { type: 'string' },
  'public-url': { type: 'string' },
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

/** Resolve the configuration; directories become absolute against `cwd`. */
export function resolveConfig(
  flags: { corpus?: string | undefined; index?: string | undefined; port?: string | undefined; 'public-url'?: string | undefined },
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
  };
  const publicUrl = flags['public-url'] ?? (env.PUBLIC_URL?.trim() || undefined);
  if (publicUrl !== undefined) config.publicUrl = parsePublicUrl(publicUrl, flags['public-url'] !== undefined ? '--public-url' : 'PUBLIC_URL');
  return config;
}
