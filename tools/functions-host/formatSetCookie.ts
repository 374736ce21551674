import type { Cookie } from "@azure/functions";

/**
 * Writes one `Set-Cookie` value the way the Azure Functions host does after the worker hands it
 * a cookie: ASP.NET Core's `CookieOptions` (path "/" unless set) and cookie writer (lower-case
 * attributes, the value escaped like .NET's `Uri.EscapeDataString`, the name as given).
 * `sameSite` undefined leaves the attribute out; "None" writes `samesite=none`.
 */
export function formatSetCookie(cookie: Cookie): string {
  const parts = [`${cookie.name}=${escapeDataString(cookie.value)}`];

  if (cookie.expires !== undefined) {
    parts.push(`expires=${new Date(cookie.expires).toUTCString()}`);
  }
  if (cookie.maxAge !== undefined) {
    parts.push(`max-age=${Math.trunc(cookie.maxAge)}`);
  }
  if (cookie.domain !== undefined) {
    parts.push(`domain=${cookie.domain}`);
  }
  parts.push(`path=${cookie.path ?? "/"}`);
  if (cookie.secure) {
    parts.push("secure");
  }
  if (cookie.sameSite !== undefined) {
    parts.push(`samesite=${cookie.sameSite.toLowerCase()}`);
  }
  if (cookie.httpOnly) {
    parts.push("httponly");
  }

  return parts.join("; ");
}

/** RFC 3986 escaping that leaves only unreserved characters, like .NET's EscapeDataString. */
function escapeDataString(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
