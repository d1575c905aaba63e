import { createHash } from 'node:crypto';

/**
 * A release's id: derived from its date and the opening of its body, so the same release gets
 * the same id on every machine and in every filing, whatever its headline typos or sources.
 */
export function releaseId(date: string, body: string): string {
  const words = body.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  return createHash('sha256').update(`${date}\n${words.slice(0, 60).join(' ')}`).digest('hex').slice(0, 16);
}
