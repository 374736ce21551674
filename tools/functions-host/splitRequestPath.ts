/**
 * Splits a request path (no query) into decoded segments, the way ASP.NET Core presents it to
 * routing: percent-escapes are decoded except `%2F`, which stays escaped inside its segment.
 * A malformed escape leaves that segment as sent. A trailing slash is ignored.
 */
export function splitRequestPath(rawPath: string): string[] {
  const segments = rawPath.replace(/^\/+/, "").split("/");
  if (segments[segments.length - 1] === "") {
    segments.pop();
  }
  return segments.map(decodeSegment);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment.replace(/%2F/gi, "%252F"));
  } catch {
    return segment;
  }
}
