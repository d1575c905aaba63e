import { describe, expect, it } from 'vitest';
import { extractEntities, MAX_CODES } from '../../src/analysis/entities.js';
import { findCodes } from '../../src/analysis/entity-codes.js';
import { findPhases, phaseFamily } from '../../src/analysis/entity-phases.js';
import { findTrials } from '../../src/analysis/entity-trials.js';
import { findBrands } from '../../src/analysis/entity-brands.js';
import { sentences } from '../../src/analysis/sentences.js';

const codes = (text: string) => findCodes(text).map((c) => c.written);
const entities = (body: string, title = '') => extractEntities({ title, body });

describe('codes', () => {
  it('are the analyzer term whatever the spelling, shown as most written', () => {
    const e = entities('GTI-2040 is an antisense drug. The GTI 2040 trial enrolled 21 patients. GTI-2040 was well tolerated.');
    expect(e.codes.map((c) => [c.key, c.display, c.count])).toEqual([['gti2040', 'GTI-2040', 3]]);
    expect(entities('Lorus tested gti2040 and NC381 and NC 381.').codes.map((c) => [c.key, c.display])).toEqual([['gti2040', 'gti2040'], ['nc381', 'NC381']]);
  });

  it('find drug, compound and product codes as companies write them', () => {
    expect(codes('ABT-199, MK-3475 and BNT162b2 were compared with ALN-AGT01 and NC 381.')).toEqual(['ABT-199', 'MK-3475', 'BNT162b2', 'ALN-AGT01', 'NC 381']);
    expect(codes('The TASER X26P and the M26 are sold with the A380.')).toEqual(['X26P', 'M26', 'A380']);
    expect(codes('Phazzer product numbers 1-DC15, 1-PB8F and 1-LOWIMPT2015.')).toEqual(['1-DC15', '1-PB8F', '1-LOWIMPT2015']);
  });

  it('are not form and rule names, standards, share classes, periods, years, places or phone numbers', () => {
    const text = [
      'See the Form 8-K, Form 10-K and Form S-4 filed under Rule 13a-16, Section 27A and Item 9.01.',
      'The plant is ISO 9001 and OHSAS 18001 certified; see SFAS 123R, FAS 123 and ASC 605 and Topic 606.',
      'Series B and Class A shares; results for Q4 2004, Q408, FY2005, FY04, fiscal 2004 and FISCAL 2014, DUE 2010.',
      'Call 1-800-555-1212 or (416) 798-1200; 2 Meridian Road, Toronto, ON M9W 4Z7; 11 Penn Plaza, New York, NY 10014; Suite 200.',
      'Revenue UP 17% and DOWN 8%; the S&P 500, NASDAQ 100; COVID-19 and H1N1; a 56k modem; mid-2010; www2; K-9 units.',
      'It targets the R2 component, PD-1, HER2 and IL-2 in G0-G1; interleukin-2 and the KARDIA-1 trial of the P5x25 plan.',
      'See www.TASERX3.com and http://tiny.cc/Tak9e for more; TASER 7, Axon Body 3 and iPhone 4 are names.',
    ].join(' ');
    expect(codes(text)).toEqual([]);
  });

  it('of two characters only where the release writes one as a brand', () => {
    expect(entities('Sales of the TASER X2 rose. The X2 ships now.').codes.map((c) => c.display)).toEqual(['X2']);
    expect(entities('Orders for the X2™ device. 775 X2 units.').codes.map((c) => c.display)).toEqual(['X2']);
    expect(entities('It targets the C2 domain. The C2 result held.').codes).toEqual([]);
  });

  it('keep at most MAX_CODES of a table, the most named first, and say so', () => {
    const table = Array.from({ length: 1500 }, (_, i) => `AB-${1000 + i}`).join(', ');
    const e = entities(`Part list: AB-2400 and AB-2400 again. ${table}.`);
    expect(e.codes).toHaveLength(MAX_CODES);
    expect(e.codes.map((c) => c.display)).toContain('AB-2400');
    expect(e.capped?.codes).toBe(1500 - MAX_CODES);
    expect(e.capped?.note).toMatch(/1,?400 more codes/);
  });
});

describe('trial registry ids', () => {
  it('ClinicalTrials.gov, EudraCT and ISRCTN ids, normalised', () => {
    expect(findTrials('Registered as NCT05512345 (and NCT 01234567); EudraCT number 2020-001234-56; ISRCTN12345678.').map((t) => [t.id, t.registry])).toEqual([
      ['NCT05512345', 'ClinicalTrials.gov'],
      ['NCT01234567', 'ClinicalTrials.gov'],
      ['2020-001234-56', 'EudraCT'],
      ['ISRCTN12345678', 'ISRCTN'],
    ]);
  });

  it('not nine digits, not a EudraCT shape where EudraCT is not named, and never a code', () => {
    expect(findTrials('NCT012345678 and the reference 2020-001234-56 in a table')).toEqual([]);
    const e = entities('The Phase 2 study of GTI-2040 (NCT00056173) began.');
    expect(e.codes.map((c) => c.key)).toEqual(['gti2040']);
    expect(e.trials.map((t) => [t.id, t.codes, t.phases])).toEqual([['NCT00056173', ['gti2040'], ['2']]]);
  });
});

describe('phases', () => {
  it('canonical, roman or arabic, ranges and letters, and pivotal before a trial', () => {
    const got = findPhases('Phase I, Phase 2b, Phase I/II, PHASE III, phase IIb/III, Phase 1-2 and a pivotal Phase 3 trial; a pivotal study.').map((p) => p.phase);
    expect(got).toEqual(['1', '2b', '1/2', '3', '2b/3', '1/2', 'pivotal', '3', 'pivotal']);
    expect(findPhases('2004 was a pivotal year; the initial phase of the rollout; Phase Two.')).toEqual([]);
  });

  it('are tied to the codes in their sentence only', () => {
    const e = entities('GTI-2040 entered a Phase II trial. Separately, GTI-2501 completed Phase I.');
    expect(e.codes.map((c) => [c.display, c.phases])).toEqual([['GTI-2040', ['2']], ['GTI-2501', ['1']]]);
    expect(e.phases).toEqual([{ phase: '2', codes: ['gti2040'] }, { phase: '1', codes: ['gti2501'] }]);
  });

  it('a phase: filter value stands for its family', () => {
    expect(phaseFamily('2')).toEqual(['2', '2a', '2b', '2c', '1/2', '2/3']);
    expect(phaseFamily('II')).toEqual(phaseFamily('2'));
    expect(phaseFamily('2b')).toEqual(['2b']);
    expect(phaseFamily('I/II')).toEqual(['1/2']);
    expect(phaseFamily('pivotal')).toEqual(['pivotal']);
    expect(phaseFamily('7')).toEqual([]);
    expect(phaseFamily('<script>')).toEqual([]);
  });
});

describe('brands', () => {
  it('names marked (R), ® or ™, as marked', () => {
    expect(findBrands('Virulizin® and Virulizin(R)\'s mechanism; the TASER ® X2™; ADVANCED TASER® M26; (Cisco IOS(TM)) software.').map((b) => b.name)).toEqual([
      'Virulizin', 'Virulizin', 'TASER', 'X2', 'ADVANCED TASER', 'Cisco IOS',
    ]);
    expect(findBrands('Company\'s TASER® and 1,750 TASER® units, SFAS No. 123(R).').map((b) => b.name)).toEqual(['TASER', 'TASER']);
  });

  it('with the code a release says a brand is', () => {
    const e = entities('Virulizin® (GTI-2040) is in trials. ONCOVIR™, also known as NC 381, follows.');
    expect(e.brands.map((b) => [b.name, b.code])).toEqual([['Virulizin', 'gti2040'], ['ONCOVIR', 'nc381']]);
    expect(entities('TASER® devices and the X26 ECD.').brands.map((b) => b.code)).toEqual([undefined]);
  });
});

describe('sentences', () => {
  it('split at ends and paragraphs, not at abbreviations or initials', () => {
    expect(sentences('Lorus Therapeutics Inc. said Dr. J. Smith met U.S. officials. Then it left.\n\nNew paragraph').map((s) => s.text)).toEqual([
      'Lorus Therapeutics Inc. said Dr. J. Smith met U.S. officials.',
      'Then it left.',
      'New paragraph',
    ]);
  });

  it('quoted around the entity and bounded', () => {
    const long = `${'word '.repeat(200)}GTI-2040 ${'more '.repeat(200)}`;
    const [c] = entities(long).codes;
    expect(c!.sentences[0]!.length).toBeLessThanOrEqual(322);
    expect(c!.sentences[0]).toContain('GTI-2040');
  });
});
