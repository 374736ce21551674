import type { Clock } from "./clock";
import { formatDuration } from "./duration";
import { WaitTimedOutError } from "./errors";

/** The end of the --timeout; without one, waiting never ends on its own. */
export class Deadline {
  private readonly at: number | undefined;

  constructor(
    readonly clock: Clock,
    private readonly timeoutMs: number | undefined,
  ) {
    this.at = timeoutMs === undefined ? undefined : clock.now() + timeoutMs;
  }

  /**
   * Sleeps `ms`, or throws `WaitTimedOutError` after sleeping what is left if the deadline comes
   * first: nothing may be asked sooner than the broker said, so there is no last look.
   */
  async sleep(ms: number): Promise<void> {
    const left = this.at === undefined ? Infinity : this.at - this.clock.now();

    if (ms < left) {
      await this.clock.sleep(ms);
      return;
    }
    await this.clock.sleep(Math.max(0, left));
    throw new WaitTimedOutError(formatDuration(this.timeoutMs ?? 0));
  }
}
