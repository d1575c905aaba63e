/** Writing: apply and commit of upserts, updates and removals; stats; releases by id. */
import { describe, expect, it } from 'vitest';
import { releaseHash } from '../../../src/store/release-hash.js';
import { commitChanges, engineWith, matchIds, meta, q, release, search, type ConformanceContext } from './fixtures.js';

const alpha = release('r-alpha', { title: 'Alpha launches', body: 'The alpha product ships in June.', date: '2004-01-10', company: 'Alpha Corp' });
const beta = release('r-beta', { title: 'Beta results', body: 'Beta revenue grew; the zircon line is new.', date: '2004-02-20', company: 'Beta Inc.' });
const gamma = release('r-gamma', { title: 'Gamma update', body: 'Gamma and alpha signed a licence.', date: '2003-11-05', company: 'Gamma Ltd' });

export function describeChanges(ctx: ConformanceContext): void {
  describe('apply and commit', () => {
    it('adds releases: each is found by its words and given back whole', async () => {
      const engine = await engineWith(ctx, [alpha, beta, gamma]);
      expect(await matchIds(engine, q.term('alpha'))).toEqual(['r-alpha', 'r-gamma']);
      expect(await matchIds(engine, q.term('zircon'))).toEqual(['r-beta']);
      expect(await matchIds(engine, q.everything)).toEqual(['r-alpha', 'r-beta', 'r-gamma']);
      expect(await engine.releases(['r-alpha', 'r-beta', 'r-gamma'])).toEqual([alpha, beta, gamma]);
      expect(engine.stats().releases).toBe(3);
    });

    it('answers nothing before the first commit', async () => {
      const engine = await ctx.fresh();
      const answer = await search(engine, q.everything);
      expect(answer.total).toBe(0);
      expect(answer.hits).toEqual([]);
      expect(await engine.releases(['r-alpha'])).toEqual([undefined]);
    });

    it('updates a release given again under its id: old words gone, new words found', async () => {
      const engine = await engineWith(ctx, [alpha, beta]);
      const changed = release('r-beta', { title: 'Beta renamed', body: 'Beta now sells quartz.', date: '2005-03-01', company: 'Beta Inc.' });
      await commitChanges(engine, [changed]);
      expect(await matchIds(engine, q.term('zircon'))).toEqual([]);
      expect(await matchIds(engine, q.term('results'))).toEqual([]);
      expect(await matchIds(engine, q.term('quartz'))).toEqual(['r-beta']);
      expect(await matchIds(engine, q.term('renamed'))).toEqual(['r-beta']);
      expect(await matchIds(engine, q.term('beta'))).toEqual(['r-beta']);
      expect(await engine.releases(['r-beta'])).toEqual([changed]);
      expect(engine.stats().releases).toBe(2);
      expect(await engine.terms.known(['zircon', 'quartz'])).toEqual(new Set(['quartz']));
    });

    it('an update moves a release in filters and facets (its date and company changed)', async () => {
      const engine = await engineWith(ctx, [alpha, beta]);
      await commitChanges(engine, [release('r-beta', { title: 'Beta results', body: 'Beta revenue grew.', date: '2006-07-07', company: 'Omega Holdings' })]);
      expect(await matchIds(engine, q.everything, { filters: { companies: [['beta']] } })).toEqual([]);
      expect(await matchIds(engine, q.everything, { filters: { companies: [['omega']] } })).toEqual(['r-beta']);
      expect(await matchIds(engine, q.everything, { filters: { fromDay: 20060101 } })).toEqual(['r-beta']);
      const answer = await search(engine, q.everything, { facets: ['company', 'year'] });
      expect(answer.facets.company).toEqual(new Map([['Alpha Corp', 1], ['Omega Holdings', 1]]));
      expect(answer.facets.year).toEqual(new Map([['2004', 1], ['2006', 1]]));
    });

    it('removes releases: no longer found, counted or given back', async () => {
      const engine = await engineWith(ctx, [alpha, beta, gamma]);
      await commitChanges(engine, [], ['r-beta', 'r-gamma']);
      expect(await matchIds(engine, q.everything)).toEqual(['r-alpha']);
      expect(await matchIds(engine, q.term('alpha'))).toEqual(['r-alpha']);
      expect(await matchIds(engine, q.term('zircon'))).toEqual([]);
      expect(await engine.releases(['r-beta', 'r-alpha', 'r-gamma'])).toEqual([undefined, alpha, undefined]);
      expect(engine.stats().releases).toBe(1);
      expect(await engine.terms.known(['zircon', 'gamma', 'alpha'])).toEqual(new Set(['alpha']));
      const facets = (await search(engine, q.everything, { facets: ['company', 'year'] })).facets;
      expect(facets.company).toEqual(new Map([['Alpha Corp', 1]]));
      expect(facets.year).toEqual(new Map([['2004', 1]]));
    });

    it('takes upserts and removals of one apply as one generation', async () => {
      const engine = await engineWith(ctx, [alpha, beta]);
      await commitChanges(engine, [gamma], ['r-alpha']);
      expect(await matchIds(engine, q.everything)).toEqual(['r-beta', 'r-gamma']);
      expect(await matchIds(engine, q.term('alpha'))).toEqual(['r-gamma']);
      expect(engine.stats().releases).toBe(2);
    });

    it('gathers several applies into the next commit', async () => {
      const engine = await engineWith(ctx, [alpha]);
      await engine.apply({ upserts: [{ release: beta, hash: releaseHash(beta) }], removals: [] });
      await engine.apply({ upserts: [{ release: gamma, hash: releaseHash(gamma) }], removals: ['r-alpha'] });
      await engine.commit(meta(2));
      expect(await matchIds(engine, q.everything)).toEqual(['r-beta', 'r-gamma']);
      expect(engine.stats().releases).toBe(2);
    });

    it('a rebuild keeps nothing of the current generation', async () => {
      const engine = await engineWith(ctx, [alpha, beta]);
      await commitChanges(engine, [gamma], [], { rebuild: true });
      expect(await matchIds(engine, q.everything)).toEqual(['r-gamma']);
      expect(await matchIds(engine, q.term('zircon'))).toEqual([]);
      expect(await engine.releases(['r-alpha', 'r-gamma'])).toEqual([undefined, gamma]);
      expect(engine.stats().releases).toBe(1);
    });

    it('upserting a release unchanged keeps one copy of it', async () => {
      const engine = await engineWith(ctx, [alpha, beta]);
      await commitChanges(engine, [alpha]);
      expect(engine.stats().releases).toBe(2);
      expect(await matchIds(engine, q.term('alpha'))).toEqual(['r-alpha']);
      expect((await search(engine, q.everything)).total).toBe(2);
    });

    it('between apply and commit, searches, releases and stats still answer from the old generation', async () => {
      const engine = await engineWith(ctx, [alpha, beta]);
      const before = engine.stats();
      const changed = release('r-alpha', { title: 'Alpha withdrawn', body: 'No more product.', date: '2004-01-10' });
      await engine.apply({ upserts: [{ release: changed, hash: releaseHash(changed) }, { release: gamma, hash: releaseHash(gamma) }], removals: ['r-beta'] });
      expect(await matchIds(engine, q.everything)).toEqual(['r-alpha', 'r-beta']);
      expect(await matchIds(engine, q.term('zircon'))).toEqual(['r-beta']);
      expect(await matchIds(engine, q.term('withdrawn'))).toEqual([]);
      expect(await matchIds(engine, q.term('product'))).toEqual(['r-alpha']);
      expect(await engine.releases(['r-alpha', 'r-beta', 'r-gamma'])).toEqual([alpha, beta, undefined]);
      expect(engine.stats()).toEqual(before);
      const after = await engine.commit(meta(2));
      expect(await matchIds(engine, q.everything)).toEqual(['r-alpha', 'r-gamma']);
      expect(await matchIds(engine, q.term('withdrawn'))).toEqual(['r-alpha']);
      expect(after.generation).not.toBe(before.generation);
    });
  });

  describe('stats', () => {
    it('counts releases and changes generation on every commit; commit answers the new stats', async () => {
      const engine = await ctx.fresh();
      const generations: string[] = [];
      const counts: number[] = [];
      const steps = [
        [[alpha, beta], [], 2],
        [[gamma], [], 3],
        [[], ['r-alpha'], 2],
        [[release('r-beta', { title: 'Beta again' })], [], 2],
      ] as const;
      for (const [upserts, removals, count] of steps) {
        await engine.apply({ upserts: upserts.map((r) => ({ release: r, hash: releaseHash(r) })), removals });
        const committed = await engine.commit(meta(count));
        const stats = engine.stats();
        expect(committed).toEqual(stats);
        expect(stats.builtAt).toBe(new Date(stats.builtAt).toISOString());
        expect(typeof stats.backend).toBe('string');
        expect(stats.backend.length).toBeGreaterThan(0);
        generations.push(stats.generation);
        counts.push(stats.releases);
      }
      expect(counts).toEqual([2, 3, 2, 2]);
      expect(new Set(generations).size).toBe(4);
    });

    it('counts the releases it holds, not what the commit record says (CommitMeta is opaque to it)', async () => {
      const engine = await ctx.fresh();
      await engine.apply({ upserts: [alpha, beta, gamma].map((r) => ({ release: r, hash: releaseHash(r) })), removals: [] });
      const committed = await engine.commit(meta(0));
      expect(committed.releases).toBe(3);
      expect(engine.stats().releases).toBe(3);
      await engine.apply({ upserts: [], removals: ['r-gamma'] });
      expect((await engine.commit(meta(7))).releases).toBe(2);
      expect(engine.stats().releases).toBe(2);
    });

    it('apply alone changes neither the generation nor the count', async () => {
      const engine = await engineWith(ctx, [alpha]);
      const before = engine.stats();
      await engine.apply({ upserts: [{ release: beta, hash: releaseHash(beta) }], removals: ['r-alpha'] });
      expect(engine.stats()).toEqual(before);
      expect(before.releases).toBe(1);
    });
  });

  describe('releases by id', () => {
    it('gives releases in the order asked, undefined for unknown ids', async () => {
      const engine = await engineWith(ctx, [alpha, beta, gamma]);
      expect(await engine.releases(['r-gamma', 'nope', 'r-alpha'])).toEqual([gamma, undefined, alpha]);
      expect(await engine.releases(['r-beta', 'r-gamma', 'r-alpha'])).toEqual([beta, gamma, alpha]);
      expect(await engine.releases(['missing-1', 'missing-2'])).toEqual([undefined, undefined]);
      expect(await engine.releases([])).toEqual([]);
    });

    it('gives back every field as committed (subtitle, place, tickers, sources, removed text)', async () => {
      const full = release('r-full', {
        title: 'Lorus reports',
        subtitle: 'Second quarter',
        date: '2004-08-09',
        place: 'TORONTO, Ontario',
        company: 'Lorus Therapeutics Inc.',
        tickers: ['TSX:LOR', 'AMEX:LOR'],
        body: 'First paragraph.\n\nSecond paragraph.',
        sources: [{ file: 'a/b.txt', part: 'EX-99.1' }, { file: 'c.htm', part: '2' }],
        removed: [{ kind: 'safe-harbor', text: 'This release contains forward-looking statements.' }],
      });
      const engine = await engineWith(ctx, [full]);
      expect(await engine.releases(['r-full'])).toEqual([full]);
    });
  });
}
