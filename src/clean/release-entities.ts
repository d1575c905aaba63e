/**
 * The things a release names (drug and compound codes, trial registry ids, trial phases, brands),
 * as stored with the release. Found by `analysis/entities.ts`; declared here, beside `Release`,
 * because a release carries them to every backend and page.
 */

/** A code (`GTI-2040`): `key` is the analyzer's term (`gti2040`), `display` the spelling most used here. */
export interface CodeEntity {
  key: string;
  display: string;
  /** How many times the release names it. */
  count: number;
  /** Phases (canonical: `1`, `2b`, `1/2`, `pivotal`) named in a sentence with it. */
  phases: string[];
  /** Registry ids named in a sentence with it. */
  trials: string[];
  /** The first sentences naming it (at most two, each bounded). */
  sentences: string[];
}

export type Registry = 'ClinicalTrials.gov' | 'EudraCT' | 'ISRCTN';

/** A trial registry id (`NCT05512345`, `2020-001234-56`, `ISRCTN12345678`), upper case, no spaces. */
export interface TrialEntity {
  id: string;
  registry: Registry;
  count: number;
  phases: string[];
  /** Keys of the codes named in a sentence with it. */
  codes: string[];
  sentences: string[];
}

/** A phase named anywhere in the release, with the codes beside it. */
export interface PhaseEntity {
  phase: string;
  /** Keys of the codes named in a sentence with it. */
  codes: string[];
}

/** A name marked ®, (R), ™ or (TM); `code`: the key of the code the release says it is. */
export interface BrandEntity {
  name: string;
  key: string;
  code?: string;
  sentence: string;
}

export interface ReleaseEntities {
  codes: CodeEntity[];
  trials: TrialEntity[];
  phases: PhaseEntity[];
  brands: BrandEntity[];
  /** Set when a release named more than the bounded number (a table of codes): what was left out. */
  capped?: { codes: number; trials: number; brands: number; note: string };
}
