const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };
const WITH_UNIT = /^(\d+(?:\.\d+)?)([smhd]?)$/;
const TIME_SPAN = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})$/;

/**
 * Reads a duration in seconds: `90`, `90s`, `15m`, `2h`, `7d`, or a .NET time span as
 * `host.json` writes them (`00:15:00`, `7.00:00:00`). Undefined for anything else, including
 * negative values.
 */
export function parseDurationSeconds(text: string): number | undefined {
  const value = text.trim().toLowerCase();
  const simple = WITH_UNIT.exec(value);
  if (simple) {
    return Number(simple[1]) * UNITS[simple[2] || "s"]!;
  }
  const span = TIME_SPAN.exec(value);
  if (span) {
    const [, days = "0", hours, minutes, seconds] = span;
    if (Number(minutes) > 59 || Number(seconds) > 59) {
      return undefined;
    }
    return Number(days) * 86_400 + Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
  }
  return undefined;
}
