/**
 * Reads a Retry-After header as seconds to wait. RFC 9110 §10.2.3 allows a number of seconds or an
 * HTTP date; the broker sends seconds, but a proxy in front of it may send a date.
 */
export function parseRetryAfter(header: string | null, nowMs: number): number | undefined {
  if (header === null) return undefined;

  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value);

  // Date.parse reads almost anything ("-1" is a year); an HTTP date always names a day or month.
  const at = /[a-z]/i.test(value) ? Date.parse(value) : NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - nowMs) / 1000));
}
