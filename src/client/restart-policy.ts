/**
 * Decides whether to restart a crashed server: at most `maxRestarts` restarts within any window of
 * `windowMs`; the crash after that gives up (a crash loop helps nobody), until `reset()`.
 */
export class RestartPolicy {
  private readonly crashes: number[] = [];

  constructor(
    readonly maxRestarts: number,
    readonly windowMs: number,
  ) {}

  /** Records a crash at `now` (ms) and says whether to restart. */
  crashed(now: number): 'restart' | 'give-up' {
    this.crashes.push(now);
    while (this.crashes.length > 0 && now - (this.crashes[0] as number) > this.windowMs) this.crashes.shift();
    return this.crashes.length <= this.maxRestarts ? 'restart' : 'give-up';
  }

  /** How many crashes the current window holds. */
  get recent(): number {
    return this.crashes.length;
  }

  /** Forgets the crashes (after the user restarts the server by hand). */
  reset(): void {
    this.crashes.length = 0;
  }
}
