/** Searches racing a commit: every one completes, and each answers wholly from one generation. */
import { describe, expect, it } from 'vitest';
import type { Release } from '../../../src/clean/release.js';
import type { Engine, EngineSearch } from '../../../src/engine/engine.js';
import { releaseHash } from '../../../src/store/release-hash.js';
import { comparable, engineWith, meta, q, release, request, type ConformanceContext } from './fixtures.js';

// Filler releases make a commit do some work, so searches have a chance to run beside it.
const FILLER = Array.from({ length: 400 }, (_, i) =>
  release(`n${String(i).padStart(3, '0')}`, { title: 'Filler', body: `lorem ipsum dolor number ${i}`, date: `2001-01-${String((i % 28) + 1).padStart(2, '0')}`, company: i % 2 ? 'Odd Co' : 'Even Co' }),
);
const OLD = [
  release('a1', { title: 'Alpha beta one', body: 'alpha beta first release', date: '2004-01-01', company: 'First Co' }),
  release('a2', { title: 'Alpha beta two', body: 'alpha beta second release', date: '2004-02-01', company: 'Second Co' }),
  release('a3', { title: 'Gamma', body: 'gamma only', date: '2004-03-01', company: 'Third Co' }),
];
// The staged change: a1 goes, a2 is rewritten, a4 and a5 come.
const A2 = release('a2', { title: 'Alpha beta two, revised', body: 'alpha beta second release revised', date: '2005-02-01', company: 'Second Co' });
const UPSERTS = [A2, release('a4', { title: 'Alpha beta four', body: 'alpha beta fourth', date: '2005-04-01', company: 'Fourth Co' }), release('a5', { title: 'Alpha five', body: 'alpha alone', date: '2003-05-01', company: 'First Co' })];
const REMOVALS = ['a1'];

const SEARCHES: EngineSearch[] = [
  request(q.term('alpha'), { facets: ['company', 'year'] }),
  request(q.phrase('alpha beta'), { order: 'date', facets: ['company', 'year'] }),
  request(q.not(q.everything, q.term('lorem')), { order: 'date-asc' }),
  request(q.everything, { order: 'date', limit: 5, facets: ['company', 'year'] }),
  request(q.prefix('revis'), { facets: ['year'] }),
];
const IDS = ['a1', 'a2', 'a4'];

type Seen = { kind: 'search'; i: number; answer: unknown } | { kind: 'releases'; answer: (Release | undefined)[] };

async function race(engine: Engine, commit: () => Promise<unknown>): Promise<Seen[]> {
  const pending: Promise<Seen>[] = [];
  const fire = () => {
    SEARCHES.forEach((req, i) => pending.push(engine.search(req).then((a) => ({ kind: 'search', i, answer: comparable(a) }))));
    pending.push(engine.releases(IDS).then((answer) => ({ kind: 'releases', answer })));
  };
  fire();
  fire();
  let done = false;
  const committing = commit().then(() => {
    done = true;
  });
  fire();
  for (let round = 0; !done && round < 10_000; round++) {
    await new Promise((resolve) => setImmediate(resolve));
    fire();
  }
  await committing;
  return Promise.all(pending);
}

export function describeConcurrency(ctx: ConformanceContext): void {
  describe('searches during a commit', () => {
    it('all complete, each all-old or all-new, and all-new once the commit is done', async () => {
      const engine = await engineWith(ctx, [...FILLER, ...OLD]);
      const oldAnswers = (await Promise.all(SEARCHES.map((r) => engine.search(r)))).map(comparable);
      const oldReleases = await engine.releases(IDS);
      expect(oldReleases).toEqual([OLD[0], OLD[1], undefined]);

      await engine.apply({ upserts: UPSERTS.map((r) => ({ release: r, hash: releaseHash(r) })), removals: REMOVALS });
      const seen = await race(engine, () => engine.commit(meta(FILLER.length + 4)));

      const newAnswers = (await Promise.all(SEARCHES.map((r) => engine.search(r)))).map(comparable);
      const newReleases = await engine.releases(IDS);
      expect(newReleases).toEqual([undefined, A2, UPSERTS[1]]);
      // the change shows in every search, so an answer that is neither old nor new is a mix
      SEARCHES.forEach((_, i) => expect(newAnswers[i]).not.toEqual(oldAnswers[i]));

      for (const s of seen) {
        const [before, after] = s.kind === 'search' ? [oldAnswers[s.i], newAnswers[s.i]] : [oldReleases, newReleases];
        expect([JSON.stringify(before), JSON.stringify(after)]).toContain(JSON.stringify(s.answer));
      }
    });

    it('the new answers are those of the changes: the alpha releases after the commit', async () => {
      const engine = await engineWith(ctx, [...FILLER, ...OLD]);
      await engine.apply({ upserts: UPSERTS.map((r) => ({ release: r, hash: releaseHash(r) })), removals: REMOVALS });
      await race(engine, () => engine.commit(meta(FILLER.length + 4)));
      const alpha = await engine.search(SEARCHES[0]!);
      expect(alpha.hits.map((h) => h.id).sort()).toEqual(['a2', 'a4', 'a5']);
      expect(alpha.facets.company).toEqual(new Map([['Second Co', 1], ['Fourth Co', 1], ['First Co', 1]]));
      const phrase = await engine.search(SEARCHES[1]!);
      expect(phrase.hits.map((h) => h.id)).toEqual(['a4', 'a2']);
      expect(phrase.total).toBe(2);
    });
  });
}
