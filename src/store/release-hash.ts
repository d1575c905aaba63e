import { createHash } from 'node:crypto';
import type { Release } from '../clean/release.js';

/** Content hash of a release: what decides whether the engine and store must change. */
export function releaseHash(r: Release): string {
  return createHash('sha256').update(JSON.stringify(r)).digest('hex').slice(0, 32);
}
