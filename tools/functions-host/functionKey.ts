import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

/**
 * The key a caller sent: the `x-functions-key` header, else the `code` query parameter, the
 * same order Azure reads them in.
 */
export function readFunctionKey(
  headers: IncomingHttpHeaders,
  query: URLSearchParams,
): string | undefined {
  const header = headers["x-functions-key"];
  const fromHeader = Array.isArray(header) ? header[0] : header;
  return fromHeader ?? query.get("code") ?? undefined;
}

/**
 * Whether a request may call a function with this `authLevel`. "anonymous" needs nothing; every
 * other level ("function", "admin", "system") needs the host's one local key. The comparison runs
 * over fixed-length digests so its time does not depend on where the keys differ.
 */
export function isAuthorized(
  authLevel: string,
  providedKey: string | undefined,
  expectedKey: string,
): boolean {
  if (authLevel === "anonymous") {
    return true;
  }
  if (providedKey === undefined || expectedKey === "") {
    return false;
  }
  return timingSafeEqual(digest(providedKey), digest(expectedKey));
}

function digest(key: string): Buffer {
  return createHash("sha256").update(key, "utf8").digest();
}
