import { formatDuration, parseDuration } from "../../cli/duration";

describe("parseDuration", () => {
  it.each([
    ["90s", 90_000],
    ["15m", 900_000],
    ["2h", 7_200_000],
    ["1h30m", 5_400_000],
    ["1m30s", 90_000],
    ["300", 300_000],
  ])("reads %s as %i ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(["", "0", "0s", "-5", "1.5h", "5x", "m", "15 m", "s15", "1d"])("refuses %j", (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it("refuses a number too large to count in milliseconds", () => {
    expect(parseDuration("9".repeat(20))).toBeUndefined();
  });
});

describe("formatDuration", () => {
  it.each([
    [90_000, "1m30s"],
    [2_000, "2s"],
    [7_200_000, "2h"],
    [5_401_000, "1h30m1s"],
    [0, "0s"],
  ])("writes %i ms as %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it("writes what parseDuration reads back to the same value", () => {
    expect(parseDuration(formatDuration(5_430_000))).toBe(5_430_000);
  });
});
