import { describe, expect, it } from 'vitest';
import { isReleaseLabel, isTitleLike, trailingTitle } from '../../src/clean/title-like.js';

describe('headlines', () => {
  it('finds the headline closing a paragraph of collapsed text (an 8-K converted from PDF)', () => {
    const text = 'Exhibit 99.1 FOR IMMEDIATE RELEASE November 4, 2004 CONTACT: Dan Behrendt CFO TASER International, Inc. 480-905-2002 Dan@TASER.com TASER® International, Inc. Declares 2-For-1 Stock Split';
    expect(trailingTitle(text)).toBe('TASER® International, Inc. Declares 2-For-1 Stock Split');
  });

  it('finds none in prose or in the middle of a headline', () => {
    expect(trailingTitle('The company said revenue grew in the quarter and expects More Growth Next Year')).toBeUndefined();
    expect(trailingTitle('Net income was $4.1 million in the quarter.')).toBeUndefined();
  });

  it('tells headlines from labels, exhibit indexes and signature blocks', () => {
    expect(isTitleLike('LORUS THERAPEUTICS ANNOUNCES CLINICAL STUDY OF GTI-2040')).toBe(true);
    expect(isTitleLike('Apple Reaches Settlement of Shareholder Derivative Action')).toBe(true);
    expect(isTitleLike('CISCO SYSTEMS TO ACQUIRE COMBINET INC.')).toBe(true);
    expect(isTitleLike('Exhibit Document Page 99.1 Text of Press Release dated September 3, 1999 5')).toBe(false);
    expect(isTitleLike('[Alcoa logo]')).toBe(false);
    expect(isTitleLike('By: /s/ Daniel Behrendt Chief Financial Officer')).toBe(false);
    expect(isReleaseLabel('EXHIBIT 20.1')).toBe(true);
    expect(isReleaseLabel('PRESS RELEASES')).toBe(true);
    expect(isReleaseLabel('FOR IMMEDIATE RELEASE')).toBe(true);
  });
});
