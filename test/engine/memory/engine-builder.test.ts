import { beforeAll, describe, expect, it } from 'vitest';
import type { Release } from '../../../src/clean/release.js';
import { EngineBuilder } from '../../../src/engine/memory/engine-builder.js';
import { analyzeSegment } from '../../../src/engine/memory/engine-segment.js';
import { SearchEngine } from '../../../src/engine/memory/search-engine.js';
import { filesUnder, ingest, INGEST } from '../../support/ingest-fixtures.js';

let releases: Release[];
beforeAll(() => {
  releases = ingest(filesUnder(INGEST)).releases;
});

describe('engine builder', () => {
  it('writes the engine MiniSearch would have built, byte for byte once loaded and saved again', () => {
    expect(releases.length).toBeGreaterThan(20);
    const engine = SearchEngine.create();
    const builder = new EngineBuilder();
    for (const r of releases) {
      engine.add(r);
      builder.add(r);
    }
    const fromBuilder = SearchEngine.deserialize(Buffer.concat(builder.toFile()));
    expect(Buffer.concat(fromBuilder.serialize()).equals(Buffer.concat(engine.serialize()))).toBe(true);
    expect(fromBuilder.search('gemcitabine').map((h) => [h.id, h.score])).toEqual(engine.search('gemcitabine').map((h) => [h.id, h.score]));
    expect(fromBuilder.suggest('gti', 5)).toEqual(engine.suggest('gti', 5));
  });

  it('gives the same file from segments analyzed apart, however the releases are cut', () => {
    const one = new EngineBuilder();
    for (const r of releases) one.add(r);
    const want = Buffer.concat(one.toFile());
    for (const cuts of [[0], [1], [5, 17], [3, 4, 11, 30]]) {
      const builder = new EngineBuilder();
      let from = 0;
      for (const to of [...cuts, releases.length]) {
        builder.addSegment(analyzeSegment(releases.slice(from, to)));
        from = to;
      }
      expect(Buffer.concat(builder.toFile()).equals(want), `cut at ${cuts.join(', ')}`).toBe(true);
    }
    // mixed with releases added one by one
    const mixed = new EngineBuilder();
    mixed.add(releases[0]!);
    mixed.addSegment(analyzeSegment(releases.slice(1, 9)));
    for (const r of releases.slice(9)) mixed.add(r);
    expect(Buffer.concat(mixed.toFile()).equals(want)).toBe(true);
    const twice = new EngineBuilder();
    twice.addSegment(analyzeSegment(releases.slice(0, 3)));
    expect(() => twice.addSegment(analyzeSegment(releases.slice(2, 4)))).toThrow(/duplicate/);
  });

  it('refuses a release id twice', () => {
    const builder = new EngineBuilder();
    builder.add(releases[0]!);
    expect(() => builder.add(releases[0]!)).toThrow(/duplicate/);
  });
});
