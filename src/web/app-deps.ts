import type { Logger } from 'pino';
import type { Engine } from '../engine/engine.js';

/** What the web layer needs from the outside: the engine to answer from, and a logger. */
export interface AppDeps {
  /** The engine, or undefined while its first generation is loading. */
  getEngine: () => Engine | undefined;
  /** Why there is no engine yet, when opening it failed (the database is unreachable): /healthz says it. */
  loadError?: () => string | undefined;
  logger: Logger;
  /** The public base URL for absolute links (feeds, OpenSearch); set it behind a proxy, where the Host header is not to be trusted. */
  publicUrl?: string | undefined;
  /** The index folder, whose saved searches (watches.json) the /watches page lists. */
  indexDir?: string | undefined;
  /** Rows an export stops at (default EXPORT_CAP, 100,000). */
  exportCap?: number | undefined;
}
