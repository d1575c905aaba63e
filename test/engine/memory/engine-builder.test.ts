import { beforeAll, describe, expect, it } from 'vitest';
import type { Release } from '../../../src/clean/release.js';
import { EngineBuilder } from '../../../src/engine/memory/engine-builder.js';
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

  it('refuses a release id twice', () => {
    const builder = new EngineBuilder();
    builder.add(releases[0]!);
    expect(() => builder.add(releases[0]!)).toThrow(/duplicate/);
  });
});
