import { mayBeCodeParts } from '../analysis/terms.js';
import type { ParsedQuery, QueryItem } from './parse-query.js';

/** Whether two terms typed side by side may be one code: letters, then a number (the tokenizer's rule). */
const mayJoin = mayBeCodeParts;

function joinTerms(terms: readonly string[], isIndexed: (term: string) => boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < terms.length; i++) {
    const a = terms[i]!;
    const b = terms[i + 1];
    if (b !== undefined && mayJoin(a, b) && isIndexed(a + b)) {
      out.push(a + b);
      i++;
    } else out.push(a);
  }
  return out;
}

/**
 * A code typed in lower case with a space (`nc 381`, `gti 2040`) is two words to the tokenizer,
 * which joins across a space only capitals, as codes are written in text. Read it as the code when
 * the index holds that code; otherwise the words stay apart (`rose 5`).
 */
export function joinCodes(parsed: ParsedQuery, isIndexed: (term: string) => boolean): ParsedQuery {
  const groups: QueryItem[][] = [];
  for (let g = 0; g < parsed.groups.length; g++) {
    const here = parsed.groups[g]!;
    const next = parsed.groups[g + 1];
    const one = (x: QueryItem[] | undefined) => (x && x.length === 1 && x[0]!.kind === 'word' ? x[0]!.terms[0]! : undefined);
    const a = one(here);
    const b = one(next);
    if (a !== undefined && b !== undefined && mayJoin(a, b) && isIndexed(a + b)) {
      groups.push([{ kind: 'word', text: `${here[0]!.text} ${next![0]!.text}`, terms: [a + b] }]);
      g++;
      continue;
    }
    groups.push(here.map((item) => (item.kind === 'phrase' ? phraseOf(item, isIndexed) : item)));
  }
  return { ...parsed, groups };
}

function phraseOf(item: QueryItem, isIndexed: (term: string) => boolean): QueryItem {
  const terms = joinTerms(item.terms, isIndexed);
  if (terms.length === item.terms.length) return item;
  return terms.length > 1 ? { ...item, terms } : { kind: 'word', text: item.text, terms };
}
