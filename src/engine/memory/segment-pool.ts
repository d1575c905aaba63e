import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Release } from '../../clean/release.js';
import type { EngineSegment } from './engine-segment.js';

const WORKER = fileURLToPath(new URL('./segment-worker.js', import.meta.url));

/** Whether worker threads can be started (the compiled worker is there: not when running from sources). */
export const segmentWorkersAvailable = (): boolean => existsSync(WORKER);

/**
 * Worker threads that analyze runs of releases into segments, each answering its runs in the
 * order it was sent them. A failed worker fails every run it holds.
 */
export class SegmentPool {
  private readonly workers: { w: Worker; waiting: { resolve: (s: EngineSegment) => void; reject: (e: Error) => void }[] }[] = [];

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const entry = { w: new Worker(WORKER), waiting: [] as { resolve: (s: EngineSegment) => void; reject: (e: Error) => void }[] };
      const failAll = (err: Error) => {
        for (const p of entry.waiting.splice(0)) p.reject(err);
      };
      entry.w.on('message', (seg: EngineSegment) => entry.waiting.shift()?.resolve(seg));
      entry.w.on('error', failAll);
      entry.w.on('exit', (code) => failAll(new Error(`the engine build worker exited with code ${code}`)));
      this.workers.push(entry);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** The segment of `releases`, analyzed by worker `i` (a copy of them is sent). */
  analyze(i: number, releases: readonly Release[]): Promise<EngineSegment> {
    const entry = this.workers[i]!;
    const p = new Promise<EngineSegment>((resolve, reject) => entry.waiting.push({ resolve, reject }));
    // a failed run is not left unobserved while the caller works on others
    p.catch(() => {});
    entry.w.postMessage(releases);
    return p;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((e) => e.w.terminate()));
  }
}
