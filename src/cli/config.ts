import { resolve } from 'node:path';

/** Settings shared by the commands, resolved once: defaults → environment → flags. */
export interface Config {
  corpusDir: string;
  indexDir: string;
  port: number;
  logLevel: string;
}

/** Flags every command accepts (for node:util parseArgs). */
export const CONFIG_FLAGS = {
  corpus: { type: 'string' },
  index: { type: 'string' },
  port: { type: 'string' },
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

/** Resolve the configuration; directories become absolute against `cwd`. */
export function resolveConfig(
  flags: { corpus?: string | undefined; index?: string | undefined; port?: string | undefined },
  env: Record<string, string | undefined>,
  cwd: string,
): Config {
  const logLevel = env.LOG_LEVEL?.trim() || 'info';
  if (!LEVELS.includes(logLevel)) throw new UsageError(`LOG_LEVEL must be one of ${LEVELS.join(', ')}, got ${JSON.stringify(logLevel)}`);
  const port = flags.port !== undefined ? parsePort(flags.port, '--port') : env.PORT?.trim() ? parsePort(env.PORT, 'PORT') : 3000;
  return {
    corpusDir: resolve(cwd, flags.corpus ?? (env.CORPUS_DIR?.trim() || 'corpus')),
    indexDir: resolve(cwd, flags.index ?? (env.INDEX_DIR?.trim() || 'index')),
    port,
    logLevel,
  };
}
