/**
 * At most `perSecond` request starts a second, evenly spaced (EDGAR's fair-access rule is 10 a
 * second; spacing them keeps a burst from ever exceeding it in any one-second window).
 */
export class RateLimiter {
  private next = 0;
  private readonly intervalMs: number;

  constructor(
    perSecond: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    if (!(perSecond > 0)) throw new RangeError(`rate must be positive, got ${perSecond}`);
    this.intervalMs = 1000 / perSecond;
  }

  /** Resolves when the caller may start its request. */
  async take(): Promise<void> {
    const now = this.now();
    const at = Math.max(now, this.next);
    this.next = at + this.intervalMs;
    if (at > now) await this.sleep(at - now);
  }
}
