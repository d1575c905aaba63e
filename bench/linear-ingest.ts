import { createDefaultIngester } from '../src/reindex/default-ingester.js';
import { HOSTILE_SHAPES, hostileFiling, type HostileShape } from './hostile-filings.js';
import { round } from './stats.js';

/**
 * Is ingest linear in its input? Each hostile shape is ingested (per-file ingest, then the
 * corpus-level finalize, as a reindex does) at 1 MB and at 4 MB in this one process, and the
 * ratio of the two times is reported: about 4 for a linear pipeline, 16 for a quadratic one.
 * A ratio measured in one run on one machine cancels the machine's speed, which a timed unit
 * test cannot; each time is the fastest of seven runs (1 MB and 4 MB in turn, see timeIngests)
 * after a warm-up: the least disturbed by garbage collection and other processes.
 */

export interface LinearResult {
  shape: HostileShape;
  ms1: number;
  ms4: number;
  ratio: number;
  mbPerSec4: number;
}

/** The most a 4× larger input may cost (4×, with room for noise and the larger heap). */
export const MAX_RATIO = 4.5;
const RUNS = 7;

/**
 * The time of one ingest of each text: the fastest of RUNS, the texts taken in turn (a change of
 * load hits both). A text is ingested `repeat[k]` times per timing, so that the 1 MB text (4
 * times) and the 4 MB one (once) are timed over spans of the same length, as exposed to noise.
 */
async function timeIngests(texts: readonly string[], repeat: readonly number[]): Promise<number[]> {
  const ingester = await createDefaultIngester();
  const inputs = texts.map((t) => Buffer.from(t));
  const best = texts.map(() => Number.POSITIVE_INFINITY);
  for (let i = 0; i < RUNS; i++) {
    inputs.forEach((bytes, k) => {
      (globalThis as { gc?: () => void }).gc?.();
      const started = performance.now();
      for (let r = 0; r < repeat[k]!; r++) {
        const out = ingester.ingestFile('hostile.txt', bytes);
        ingester.finalize(out.drafts);
      }
      best[k] = Math.min(best[k]!, (performance.now() - started) / repeat[k]!);
    });
  }
  return best;
}

/** Measure every shape at 1 MB and 4 MB. */
export async function measureLinearIngest(log: (msg: string) => void): Promise<LinearResult[]> {
  await timeIngests([hostileFiling('one-paragraph', 0.25)], [1]); // warm-up: compile the hot paths
  const out: LinearResult[] = [];
  for (const shape of HOSTILE_SHAPES) {
    const [ms1, ms4] = (await timeIngests([hostileFiling(shape, 1), hostileFiling(shape, 4)], [4, 1])) as [number, number];
    const r = { shape, ms1: round(ms1, 1), ms4: round(ms4, 1), ratio: round(ms4 / ms1, 2), mbPerSec4: round(4 / (ms4 / 1000), 1) };
    log(`${shape}: 1 MB ${r.ms1} ms, 4 MB ${r.ms4} ms, ratio ${r.ratio}`);
    out.push(r);
  }
  return out;
}

/** The results as a Markdown table, and whether every ratio is within MAX_RATIO. */
export function linearTable(results: readonly LinearResult[]): { table: string; ok: boolean } {
  const rows = results.map((r) => `| ${r.shape} | ${r.ms1} ms | ${r.ms4} ms | ${r.ratio}× | ${r.mbPerSec4} MB/s | ${r.ratio <= MAX_RATIO ? 'ok' : 'SUPER-LINEAR'} |`);
  const table = `| hostile shape | 1 MB | 4 MB | ratio (4× input) | speed at 4 MB | ≤ ${MAX_RATIO}× |\n|---|---|---|---|---|---|\n${rows.join('\n')}\n`;
  return { table, ok: results.every((r) => r.ratio <= MAX_RATIO) };
}
