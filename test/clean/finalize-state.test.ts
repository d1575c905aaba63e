import { describe, expect, it } from 'vitest';
import { coded, codedAt, intLists, listAt } from '../../src/clean/finalize-state.js';

describe('finalize state encodings', () => {
  it('codes strings and appends more under the same codes', () => {
    const a = coded(['2004-01-02', '', '2004-01-02', '2003-12-31']);
    expect(a.names).toHaveLength(3);
    const b = coded(['2003-12-31', '2005-06-07'], a);
    expect([0, 1, 2, 3, 4, 5].map((i) => codedAt(b, i))).toEqual(['2004-01-02', '', '2004-01-02', '2003-12-31', '2003-12-31', '2005-06-07']);
    expect(b.names).toHaveLength(4);
    expect(a.of).toHaveLength(4);
  });

  it('keeps lists of numbers per release, replacing some and appending others', () => {
    const lists = [[], [3, 5], [0], [], [1, 2, 4]];
    const l = intLists(lists);
    expect(lists.map((_, i) => listAt(l, i))).toEqual(lists);
    const m = intLists([[7], []], l, new Map([[1, [5]], [3, [0, 9]]]));
    expect([0, 1, 2, 3, 4, 5, 6].map((i) => listAt(m, i))).toEqual([[], [5], [0], [0, 9], [1, 2, 4], [7], []]);
    expect(intLists([[1]], m).values.length).toBe(m.values.length + 1);
  });
});
