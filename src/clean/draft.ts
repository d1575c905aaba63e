import type { Release } from './release.js';

/** A release as one filing gives it, before corpus-level merging and recurrence checks. */
export interface Draft extends Release {
  /** Body paragraphs (by index) that recurrence must not remove: an "About <drug>" section. */
  keep: number[];
}
