/**
 * The emulator's notion of now: a base clock (the real one, or a test's) plus a shift that tests
 * set through `POST /_emulator/clock`. Everything time-dependent reads `now()`: token lifetimes,
 * device code expiry, polling speed and refresh token inactivity.
 */
export class EmulatorClock {
  private offsetMs = 0;

  constructor(private readonly base: () => number) {}

  readonly now = (): number => this.base() + this.offsetMs;

  /** Moves now by `seconds` (negative turns it back); shifts add up. */
  shift(seconds: number): void {
    this.offsetMs += Math.round(seconds * 1000);
  }

  /** Drops every shift: now is the base clock again. */
  reset(): void {
    this.offsetMs = 0;
  }

  get offsetSeconds(): number {
    return this.offsetMs / 1000;
  }
}
