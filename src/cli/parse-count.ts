import { availableParallelism } from 'node:os';
import { UsageError } from './config.js';

/** The cores this process may use (1 on a one-core machine): the default of `--jobs` and `--workers`. */
export const cores = (): number => Math.max(1, availableParallelism());

/** A whole count from 1 to `max` given on the command line (`--jobs 2`); undefined: the number of cores. */
export function parseCount(text: string | undefined, flag: string, max = 64): number {
  if (text === undefined) return Math.min(cores(), max);
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < 1 || n > max) throw new UsageError(`${flag} must be a whole number from 1 to ${max}, got ${JSON.stringify(text)}`);
  return n;
}
