import { countdown, localTime, parseTime, relativeTime } from "../../console/time";

const NOW = Date.parse("2026-03-10T12:00:00Z");
const MINUTE = 60_000;

describe("console times", () => {
  describe("relative time", () => {
    it.each([
      [12 * MINUTE, "in 12 minutes"],
      [-5 * MINUTE, "5 minutes ago"],
      [5_000, "just now"],
      [90_000, "in 90 seconds"],
      [-3 * 60 * MINUTE, "3 hours ago"],
      [36 * 60 * MINUTE, "in 36 hours"],
      [7 * 24 * 60 * MINUTE, "in 7 days"],
    ])("reads %d ms from now as %j", (offset, words) => {
      expect(relativeTime(NOW + offset, NOW)).toBe(words);
    });
  });

  describe("local time", () => {
    it("shows the date and time in the zone given, without this year's number", () => {
      expect(localTime(NOW, NOW, "en-US", "Europe/Berlin")).toBe("Mar 10, 1:00 PM");
    });

    it("names the year of a time in another year", () => {
      const lastYear = Date.parse("2025-12-31T08:30:00Z");

      expect(localTime(lastYear, NOW, "en-US", "UTC")).toBe("Dec 31, 2025, 8:30 AM");
    });
  });

  describe("countdown", () => {
    it.each([
      [845_000, "14:05"],
      [59_001, "1:00"],
      [0, "0:00"],
      [-3_000, "0:00"],
    ])("shows %d ms left as %s", (left, shown) => {
      expect(countdown(left)).toBe(shown);
    });
  });

  it("reads missing and broken times as no time", () => {
    expect(parseTime(null)).toBeUndefined();
    expect(parseTime("not a time")).toBeUndefined();
    expect(parseTime("2026-03-10T12:00:00Z")).toBe(NOW);
  });
});
