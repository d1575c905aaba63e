import { foldTerm } from '../analysis/terms.js';
import type { Engine } from '../engine/engine.js';

const MAX_PREFIX = 50;

/** Completions of the last word typed, as written in the releases: `gti` → `GTI-2040`. */
export async function suggest(engine: Engine, typed: string, limit: number): Promise<string[]> {
  const text = typed.slice(0, MAX_PREFIX * 4);
  const m = /([\p{L}\p{N}][\p{L}\p{N}\-]*)$/u.exec(text);
  if (!m) return [];
  const prefix = foldTerm(m[1]!).replace(/-/g, '');
  if (prefix.length < 2 || prefix.length > MAX_PREFIX) return [];
  const head = text.slice(0, m.index);
  return (await engine.terms.suggest(prefix, limit)).map((s) => head + s);
}
