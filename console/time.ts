/** Times as the console shows them: local time, and how far away in words. Pure functions. */

const UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
  ["second", 1_000],
];

// The page's words are English; dates and times follow the person's own locale.
const relative = new Intl.RelativeTimeFormat("en", { numeric: "always" });

/**
 * "in 12 minutes", "5 minutes ago", "in 3 days": the largest unit that fits at least twice,
 * rounded, so that 90 seconds reads "in 90 seconds" and 36 hours "in 36 hours".
 */
export function relativeTime(at: number, now: number): string {
  const difference = at - now;
  const size = Math.abs(difference);
  if (size < 10_000) {
    return "just now";
  }
  const [unit, ms] = UNITS.find(([, length]) => size >= 2 * length) ?? ["second", 1_000];
  return relative.format(Math.round(difference / ms), unit);
}

/**
 * The date and time in the person's locale and time zone, to the minute: "Dec 4, 5:44 PM", with
 * the year only when it is not this year's.
 */
export function localTime(at: number, now = Date.now(), locale?: string, timeZone?: string) {
  const zone = timeZone === undefined ? {} : { timeZone };
  const year = (time: number) => new Date(time).toLocaleString("en", { year: "numeric", ...zone });
  return new Date(at).toLocaleString(locale, {
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    ...(year(at) === year(now) ? {} : { year: "numeric" }),
    ...zone,
  });
}

/** What is left of a countdown as minutes and seconds: "14:05", never below "0:00". */
export function countdown(msLeft: number): string {
  const seconds = Math.max(0, Math.ceil(msLeft / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

/** A time from the API, or undefined when it is missing or not a time. */
export function parseTime(iso: string | null | undefined): number | undefined {
  const at = iso ? Date.parse(iso) : Number.NaN;
  return Number.isFinite(at) ? at : undefined;
}
