/**
 * A file's ingest is synchronous, so a time budget cannot interrupt it: instead the stages check
 * a deadline between them (between a submission's documents, before each part, after its
 * paragraphs, between its releases) and stop with this error. Every stage is linear in its input and the
 * input is capped (64 MB), so the overrun past the deadline is at most one stage of one part.
 */
export class IngestBudgetError extends Error {
  constructor(readonly stage: string) {
    super(`ingest stopped at the time budget (${stage})`);
    this.name = 'IngestBudgetError';
  }
}

/** Throw IngestBudgetError when `deadlineMs` (on the performance.now() clock) has passed. */
export function checkDeadline(deadlineMs: number | undefined, stage: string): void {
  if (deadlineMs !== undefined && performance.now() > deadlineMs) throw new IngestBudgetError(stage);
}
