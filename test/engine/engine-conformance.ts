/**
 * The backend conformance suite, in the spirit of Lucene's BasePostingsFormatTestCase: one set of
 * tests that any `Engine` (src/engine/engine.ts) must pass, whatever it is built on. A backend's
 * test file calls `describeEngineConformance` with a way to open it; ranking tests that pin one
 * backend's exact scores stay beside that backend.
 *
 * `open()` gives a new, empty engine (a persistent backend keeps it in a new folder of the
 * caller's). `open(dir)` opens the engine whose data lives in `dir`, a folder the suite made with
 * `mkdtempSync` under the system's temporary folder (empty at first, removed afterwards): with
 * `persistent`, the suite commits, closes and reopens from the same folder and expects the same
 * answers. Engines the suite opens are closed after its tests.
 */
import { readdirSync } from 'node:fs';
import { afterAll, describe } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { describeChanges } from './conformance/changes.js';
import { describeConcurrency } from './conformance/concurrency.js';
import { describeDictionary } from './conformance/dictionary.js';
import { describeEntityFacets, describeEntityFilters } from './conformance/entities.js';
import { describeFacets, describeFilters } from './conformance/filters.js';
import { startsEmpty, type ConformanceContext } from './conformance/fixtures.js';
import { describeManyCandidates, describeOrders, describePaging } from './conformance/ordering.js';
import { describeProximity } from './conformance/proximity.js';
import { describePersistence } from './conformance/persistence.js';
import { describeCodes, describeQueries } from './conformance/queries.js';

export interface ConformanceOptions {
  /** The backend keeps commits in `dir`: run the persistence round trip. */
  persistent?: boolean;
}

export function describeEngineConformance(name: string, open: (dir?: string) => Promise<Engine>, options: ConformanceOptions = {}): void {
  describe(`engine conformance: ${name}`, () => {
    const opened = new Set<Engine>();
    const track = async (engine: Promise<Engine>): Promise<Engine> => {
      const e = await engine;
      opened.add(e);
      return e;
    };
    const ctx: ConformanceContext = {
      fresh: async () => startsEmpty(await track(open())),
      at: async (dir) => {
        const empty = readdirSync(dir).length === 0;
        const engine = await track(open(dir));
        return empty ? startsEmpty(engine) : engine;
      },
      close: async (engine) => {
        if (!opened.delete(engine)) throw new Error('test bug: closing an engine twice or one the suite did not open');
        await engine.close();
      },
      persistent: options.persistent === true,
    };
    afterAll(async () => {
      const left = [...opened];
      opened.clear();
      await Promise.all(left.map((e) => e.close()));
    });

    describeChanges(ctx);
    describeQueries(ctx);
    describeCodes(ctx);
    describeDictionary(ctx);
    describeFilters(ctx);
    describeFacets(ctx);
    describeEntityFilters(ctx);
    describeEntityFacets(ctx);
    describeOrders(ctx);
    describePaging(ctx);
    describeManyCandidates(ctx);
    describeProximity(ctx);
    describeConcurrency(ctx);
    if (ctx.persistent) describePersistence(ctx);
  });
}
