import { nextOccurrence, parseCronSchedule } from "../../../shared/settings/ncrontab";

function next(expression: string, after: string): string | undefined {
  return nextOccurrence(parseCronSchedule(expression), new Date(after))?.toISOString();
}

describe("ncrontab", () => {
  describe("nextOccurrence", () => {
    it("moves to the next whole second for a schedule of every second", () => {
      expect(next("* * * * * *", "2026-01-01T12:00:00.500Z")).toBe("2026-01-01T12:00:01.000Z");
    });

    it("returns an occurrence strictly after the given time", () => {
      expect(next("0 */5 * * * *", "2026-01-01T12:05:00.000Z")).toBe("2026-01-01T12:10:00.000Z");
    });

    it("reads day names and ranges in the day-of-week field", () => {
      // 3 January 2026 is a Saturday.
      expect(next("0 30 9 * * Mon-Fri", "2026-01-03T10:00:00Z")).toBe("2026-01-05T09:30:00.000Z");
    });

    it("requires both the day of the month and the day of the week, as NCrontab does", () => {
      expect(next("0 0 0 13 * Fri", "2026-01-01T00:00:00Z")).toBe("2026-02-13T00:00:00.000Z");
      expect(next("0 0 0 13 * Fri", "2026-03-14T00:00:00Z")).toBe("2026-11-13T00:00:00.000Z");
    });

    it("skips months that lack the day", () => {
      expect(next("0 0 0 31 * *", "2026-01-31T00:00:00Z")).toBe("2026-03-31T00:00:00.000Z");
    });

    it("reads a step from a single value to the end of the field", () => {
      const schedule = parseCronSchedule("5/20 * * * * *");
      expect([...schedule.seconds]).toEqual([5, 25, 45]);
    });

    it("reads month names and lists", () => {
      expect(next("0 0 0 1 jan,Jul *", "2026-01-01T00:00:00Z")).toBe("2026-07-01T00:00:00.000Z");
    });

    it("returns undefined for a schedule that never occurs", () => {
      expect(next("0 0 0 30 2 *", "2026-01-01T00:00:00Z")).toBeUndefined();
    });
  });

  describe("parseCronSchedule", () => {
    it.each([
      ["* * * * *", /expected 6 fields/],
      ["60 * * * * *", /second field "60": 60 is outside 0-59/],
      ["* * * * * 7", /day of week field "7"/],
      ["*/0 * * * * *", /step must be at least 1/],
      ["x * * * * *", /"x" is not a second value/],
      ["5-1 * * * * *", /ends before it starts/],
    ])("rejects %s", (expression, reason) => {
      expect(() => parseCronSchedule(expression)).toThrow(reason);
    });
  });
});
