import type { Release } from '../../clean/release.js';
import { analyzeSegment, type EngineSegment } from './engine-segment.js';

// Runs sent ahead to each worker, so that none waits while this thread works.
const AHEAD = 3;
// Runs past the one being written that may be analyzed already: bounds the segments held.
const WINDOW = 8;

/** A run's segment once analyzed, or the worker's answer still awaited. */
interface Slot {
  seg?: EngineSegment;
  pending?: Promise<EngineSegment>;
}

/** What analyzes runs off this thread (a SegmentPool). */
export interface RunAnalyzer {
  analyze(worker: number, releases: readonly Release[]): Promise<EngineSegment>;
}

/**
 * Who analyzes which run, decided as the build goes rather than by a fixed share: this thread
 * also replays every segment and packs every record, and which of it and the workers is the
 * slower depends on the machine and the corpus (at 100k this thread waited on the worker 19% of
 * the write stage; at 1M, with a heap of 13 GB to collect, the worker waited on it 31% of its). Each
 * worker is kept AHEAD runs ahead; when the run this thread needs next is still in a worker, it
 * analyzes the next run nobody has taken, within WINDOW runs, instead of waiting. Who analyzes a
 * run does not change its segment; the caller asks for the runs in order, 0 to runs - 1.
 */
export function runTaker(runs: number, threads: number, pool: RunAnalyzer | undefined, releasesOf: (k: number) => Release[]): (k: number) => Promise<EngineSegment> {
  const slots = new Map<number, Slot>();
  const inFlight = new Array<number>(threads).fill(0);
  let untaken = 0;
  let needed = 0;
  const send = () => {
    for (let w = 0; pool && w < threads; w++) {
      while (inFlight[w]! < AHEAD && untaken < runs && untaken < needed + WINDOW) {
        const slot: Slot = {};
        inFlight[w]!++;
        slot.pending = pool.analyze(w, releasesOf(untaken)).then((seg) => {
          slot.seg = seg;
          inFlight[w]!--;
          send();
          return seg;
        });
        // a failed run is thrown where it is awaited, not as an unhandled rejection before
        slot.pending.catch(() => {});
        slots.set(untaken++, slot);
      }
    }
  };
  return async (k: number): Promise<EngineSegment> => {
    needed = k;
    send();
    for (;;) {
      const slot = slots.get(k);
      if (slot === undefined) {
        // nobody has taken it (then it is the first untaken run)
        untaken++;
        return analyzeSegment(releasesOf(k));
      }
      if (slot.seg) {
        slots.delete(k);
        return slot.seg;
      }
      if (untaken < runs && untaken < k + WINDOW) {
        slots.set(untaken, { seg: analyzeSegment(releasesOf(untaken)) });
        untaken++;
        // let the workers' answers in (and send them more) before looking again
        await new Promise<void>((resolve) => setImmediate(resolve));
      } else await slot.pending;
    }
  };
}
