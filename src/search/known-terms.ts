import type { Engine } from '../engine/engine.js';
import { synonymsOf } from '../analysis/synonyms.js';
import { joinCodes } from './join-codes.js';
import type { ParsedQuery } from './parse-query.js';
import { joinCandidates } from './phrase-variants.js';

/** Which of these terms the index holds. */
export type Known = (terms: readonly string[]) => Promise<Set<string>>;

/**
 * One query's questions to the term dictionary, remembered: the steps that rewrite a query
 * (codes joined, phrase spellings, compounds split, synonyms) each ask which of a few terms the
 * index holds; `prefetch` asks everything they are likely to ask in one round trip (one await of
 * the engine, one look at its generation), and only what it did not foresee is asked again.
 */
export class KnownTerms {
  private readonly answers = new Map<string, boolean>();

  constructor(private readonly engine: Engine) {}

  readonly known: Known = async (terms) => {
    const missing = terms.filter((t) => !this.answers.has(t));
    if (missing.length > 0) {
      const held = await this.engine.terms.known([...new Set(missing)]);
      for (const t of missing) this.answers.set(t, held.has(t));
    }
    return new Set(terms.filter((t) => this.answers.get(t) === true));
  };

  /** Ask at once about every term the rewriting steps would ask about for this parse. */
  async prefetch(parsed: ParsedQuery): Promise<void> {
    const asked: string[] = [];
    joinCodes(parsed, (t) => {
      asked.push(t);
      return false;
    });
    const items = [...parsed.groups.flat(), ...parsed.excluded];
    for (const i of items) {
      if (i.kind === 'phrase') asked.push(...joinCandidates(i.text));
      else if (i.kind === 'word') asked.push(i.terms[0]!, ...synonymsOf(i.terms[0]!));
    }
    if (asked.length > 0) await this.known(asked);
  }
}
