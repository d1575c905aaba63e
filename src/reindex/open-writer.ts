import type { Engine } from '../engine/engine.js';
import { openEngine } from '../engine/open-engine.js';
import type { ReindexOptions } from './reindex-types.js';

/** The engine a reindex commits to: the one the options name, else the in-process engine of the index folder. */
export function openWriter(opts: ReindexOptions): Promise<Engine> {
  return opts.openEngine ? opts.openEngine() : openEngine({ backend: 'memory', indexDir: opts.indexDir, lazy: true, buildWorkers: opts.jobs ?? 1 });
}
