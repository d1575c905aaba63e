import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/analysis/entities.js';

interface RealSentence {
  source: string;
  text: string;
  trials: string[];
  phases: string[];
}

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'registry-ids', 'real-sentences.json');
const { sentences } = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { sentences: RealSentence[] };

describe('registry ids in real text', () => {
  it('finds every ClinicalTrials.gov, EudraCT and ISRCTN id these documents name, and nothing else as an id', () => {
    expect(sentences.length).toBeGreaterThanOrEqual(5);
    for (const s of sentences) {
      const [title, ...rest] = s.text.split('\n\n');
      const found = extractEntities({ title: title!, body: rest.join('\n\n') });
      expect(found.trials.map((t) => t.id).sort(), s.source).toEqual([...s.trials].sort());
      expect(found.phases.map((p) => p.phase).sort(), s.source).toEqual([...s.phases].sort());
      // an id is never also a code (`NCT04402866` is not the code `nct04402866`)
      for (const t of found.trials) expect(found.codes.map((c) => c.key), s.source).not.toContain(t.id.toLowerCase());
    }
  });

  it('keeps the sentence each id is named in, and ties the phase in it to the id', () => {
    const press = extractEntities({ title: 'First patient dosed', body: sentences[0]!.text });
    const nct = press.trials.find((t) => t.id === 'NCT04402866')!;
    expect(nct.registry).toBe('ClinicalTrials.gov');
    expect(nct.sentences[0]).toContain('identifier number: NCT04402866');
    const record = extractEntities({ title: 'Record', body: sentences[2]!.text });
    expect(record.trials.find((t) => t.id === '2018-000004-42')?.registry).toBe('EudraCT');
    expect(record.trials.find((t) => t.id === 'ISRCTN12053408')?.registry).toBe('ISRCTN');
  });
});
