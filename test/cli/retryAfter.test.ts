import { parseRetryAfter } from "../../cli/retryAfter";

describe("parseRetryAfter", () => {
  const now = Date.parse("2030-01-01T10:00:00Z");

  it("reads a number of seconds", () => {
    expect(parseRetryAfter(" 7 ", now)).toBe(7);
  });

  it("reads an HTTP date as the seconds until then", () => {
    expect(parseRetryAfter("Tue, 01 Jan 2030 10:00:30 GMT", now)).toBe(30);
  });

  it("reads a date in the past as no wait", () => {
    expect(parseRetryAfter("Tue, 01 Jan 2030 09:00:00 GMT", now)).toBe(0);
  });

  it.each([null, "", "soon", "-1", "1.5"])("ignores %j", (header) => {
    expect(parseRetryAfter(header, now)).toBeUndefined();
  });
});
