import { beforeAll, describe, expect, it } from 'vitest';
import type { Release } from '../../../src/clean/release.js';
import { EngineBuilder } from '../../../src/engine/memory/engine-builder.js';
import { analyzeSegment, type EngineSegment } from '../../../src/engine/memory/engine-segment.js';
import { runTaker, type RunAnalyzer } from '../../../src/engine/memory/run-taker.js';
import { filesUnder, ingest, INGEST } from '../../support/ingest-fixtures.js';

let releases: Release[];
beforeAll(() => {
  releases = ingest(filesUnder(INGEST)).releases;
});

// Runs of 3 releases; an analyzer off the thread that answers after `delayMs` (the worker's
// speed beside this thread's), recording which runs it was given.
const RUN = 3;
const runsOf = (rs: Release[]) => Math.ceil(rs.length / RUN);
function analyzer(delayMs: number, given: number[][]): RunAnalyzer {
  return {
    analyze: (worker, rs) => {
      given[worker]!.push(releases.indexOf(rs[0]!) / RUN);
      return new Promise<EngineSegment>((resolve) => setTimeout(() => resolve(analyzeSegment(rs)), delayMs));
    },
  };
}

async function build(threads: number, delayMs: number) {
  const given = Array.from({ length: threads }, () => [] as number[]);
  const releasesOf = (k: number) => releases.slice(k * RUN, (k + 1) * RUN);
  const next = runTaker(runsOf(releases), threads, analyzer(delayMs, given), releasesOf);
  const builder = new EngineBuilder();
  for (let k = 0; k < runsOf(releases); k++) builder.addSegment(await next(k));
  return { file: Buffer.concat(builder.toFile()), given };
}

describe('runTaker: who analyzes which run of a build', () => {
  it('gives the file of one thread whatever the workers speed, each run analyzed once', async () => {
    const one = new EngineBuilder();
    for (const r of releases) one.add(r);
    const want = Buffer.concat(one.toFile());
    expect(runsOf(releases)).toBeGreaterThan(8);
    for (const [threads, delayMs] of [[1, 0], [1, 40], [2, 5], [3, 0]] as const) {
      const { file, given } = await build(threads, delayMs);
      expect(file.equals(want), `${threads} workers, ${delayMs} ms a run`).toBe(true);
      const all = given.flat();
      expect(new Set(all).size).toBe(all.length);
    }
  });

  it('analyzes on this thread the runs a slow worker has not reached, and leaves a fast one most', async () => {
    const slow = (await build(1, 60)).given[0]!;
    const fast = (await build(1, 0)).given[0]!;
    const runs = runsOf(releases);
    // a worker that takes 60 ms a run, far slower than this thread: this thread takes most runs
    expect(slow.length).toBeLessThan(runs / 2);
    expect(fast.length).toBeGreaterThan(slow.length);
  });

  it('throws a failed run where it is asked for, the other runs in flight not unhandled', async () => {
    let sent = 0;
    const failing: RunAnalyzer = {
      analyze: () => {
        sent++;
        return Promise.reject(new Error('worker died'));
      },
    };
    const next = runTaker(6, 1, failing, (k) => releases.slice(k * RUN, (k + 1) * RUN));
    // runs 0-2 went to the worker at once (three ahead); an unhandled rejection of 1 or 2 would fail this test
    await expect(next(0)).rejects.toThrow('worker died');
    expect(sent).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 20));
  });
});
