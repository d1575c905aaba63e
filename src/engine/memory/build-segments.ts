import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Release } from '../../clean/release.js';
import type { EngineBuilder } from './engine-builder.js';
import { analyzeSegment, type EngineSegment } from './engine-segment.js';

const WORKER = fileURLToPath(new URL('./segment-worker.js', import.meta.url));
// Fewer releases than this are analyzed in this thread alone: a worker costs more than it saves.
const MIN_RELEASES = 2_000;

function inWorker(releases: readonly Release[]): Promise<EngineSegment> {
  return new Promise((resolve, reject) => {
    const w = new Worker(WORKER);
    w.once('message', (seg: EngineSegment) => {
      resolve(seg);
      void w.terminate();
    });
    w.once('error', reject);
    w.once('exit', (code) => reject(new Error(`the engine build worker exited with code ${code}`)));
    w.postMessage(releases);
  });
}

/**
 * Add every release to the builder, analyzed `workers` shares at a time: the first share in this
 * thread, the others in worker threads at once, each added in corpus order as it is ready.
 * The file is the same for any number of workers (the rows are replayed in order).
 */
export async function addInSegments(builder: EngineBuilder, releases: readonly Release[], workers: number): Promise<number> {
  const shares = releases.length < MIN_RELEASES || !existsSync(WORKER) ? 1 : Math.max(1, Math.min(workers, 16));
  if (shares === 1) {
    for (const r of releases) builder.add(r);
    return 0;
  }
  const size = Math.ceil(releases.length / shares);
  const parts = Array.from({ length: shares }, (_, i) => releases.slice(i * size, (i + 1) * size));
  const pending = parts.slice(1).map(inWorker);
  // a failed worker is not left unobserved while this thread works on its own share
  for (const p of pending) p.catch(() => {});
  builder.addSegment(analyzeSegment(parts[0]!));
  for (const p of pending) builder.addSegment(await p);
  return shares - 1;
}
