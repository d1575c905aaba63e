import { createHash } from 'node:crypto';

/**
 * A release's id: derived from its date and the opening of its body, so the same release gets
 * the same id on every machine and in every filing, whatever its headline typos or sources.
 */
export function releaseId(date: string, body: string): string {
  // Only the opening words count: read the opening, and the whole body only when the opening
  // holds too few words to be sure the 60th is complete.
  let words = body.slice(0, OPENING_CHARS).toLowerCase().match(/[a-z0-9]+/g) ?? [];
  if (words.length <= OPENING_WORDS && body.length > OPENING_CHARS) words = body.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  return createHash('sha256').update(`${date}\n${words.slice(0, OPENING_WORDS).join(' ')}`).digest('hex').slice(0, 16);
}

const OPENING_WORDS = 60;
const OPENING_CHARS = 2000;
