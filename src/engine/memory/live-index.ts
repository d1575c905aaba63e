import { watch, watchFile, unwatchFile, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { LoadedIndex } from './loaded-index.js';
import { loadIndex, type OpenedIndex } from './load-index.js';
import { MANIFEST_FILE, readManifest } from '../../store/manifest.js';

/** The slice of a pino logger the live index uses. */
export interface IndexLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface LiveIndexOptions {
  logger?: IndexLogger;
  /** Poll interval of the fallback watcher (fs.watch misses events on some filesystems). */
  pollMs?: number;
  /** How long a replaced index's store stays open for requests that still use it. */
  graceMs?: number;
}

/**
 * The index the server answers from. Notices a new generation (manifest watch, poll, or reload())
 * and swaps it in at once; a failed load keeps the old index serving.
 */
export class LiveIndex {
  private currentIndex: OpenedIndex | undefined;
  private watcher: FSWatcher | undefined;
  private loading: Promise<void> | undefined;
  private again = false;
  private debounce: NodeJS.Timeout | undefined;
  private readonly manifestPath: string;
  /** Why the last load failed (cleared by a successful one). */
  lastError: Error | undefined;

  constructor(private readonly indexDir: string, private readonly opts: LiveIndexOptions = {}) {
    this.manifestPath = join(indexDir, MANIFEST_FILE);
  }

  /** The index to answer from now (undefined until the first load succeeds). */
  get current(): LoadedIndex | undefined {
    return this.currentIndex;
  }

  /** Generation of the loaded index. */
  get generation(): string | undefined {
    return this.currentIndex?.manifest.generation;
  }

  /** Load the index if its generation differs from the one served; never throws (logs instead). */
  reload(): Promise<void> {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.loading = (async () => {
      do {
        this.again = false;
        await this.loadOnce();
      } while (this.again);
    })().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async loadOnce(): Promise<void> {
    const log = this.opts.logger;
    let generation: string;
    try {
      generation = readManifest(this.indexDir).generation;
    } catch (err) {
      this.lastError = err as Error;
      if (this.currentIndex) log?.warn({ err: (err as Error).message }, 'new index not loaded; still serving the old one');
      else log?.error({ err: (err as Error).message }, 'index not loaded');
      return;
    }
    if (generation === this.generation) return;
    const t0 = performance.now();
    let next: OpenedIndex;
    try {
      next = await loadIndex(this.indexDir);
    } catch (err) {
      this.lastError = err as Error;
      if (this.currentIndex) log?.warn({ err: (err as Error).message }, 'new index not loaded; still serving the old one');
      else log?.error({ err: (err as Error).message }, 'index not loaded');
      return;
    }
    const prev = this.currentIndex;
    this.currentIndex = next;
    this.lastError = undefined;
    log?.info(
      { releases: next.info.releases, builtAt: next.info.builtAt, generation: next.manifest.generation, loadMs: Math.round(performance.now() - t0) },
      prev ? 'index swapped' : 'index loaded',
    );
    // Requests that took the old index keep reading its store for a while.
    if (prev) setTimeout(() => prev.close(), this.opts.graceMs ?? 30_000).unref();
  }

  /** Watch the manifest for new generations (fs.watch on the directory, plus a poll). */
  watch(): void {
    const kick = () => {
      clearTimeout(this.debounce);
      this.debounce = setTimeout(() => void this.reload(), 50);
      this.debounce.unref();
    };
    try {
      // The manifest is replaced by rename, so watch its directory, not the file's inode.
      this.watcher = watch(this.indexDir, (_event, name) => {
        if (name === null || name === MANIFEST_FILE) kick();
      });
      this.watcher.on('error', () => this.watcher?.close());
      this.watcher.unref();
    } catch {
      // no inotify: the poll below still notices
    }
    watchFile(this.manifestPath, { interval: this.opts.pollMs ?? 1000, persistent: false }, kick);
  }

  /** Stop watching and release the store. */
  close(): void {
    this.watcher?.close();
    unwatchFile(this.manifestPath);
    clearTimeout(this.debounce);
    this.currentIndex?.close();
  }
}
