import type { Clock } from "../../cli/clock";

/** A clock whose sleeps return at once and move its time forward; it keeps every sleep. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];

  constructor(private time = Date.parse("2030-01-01T09:00:00Z")) {}

  now(): number {
    return this.time;
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.time += ms;
  }
}
