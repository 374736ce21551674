import type { HttpResponseInit } from "@azure/functions";
import type { ConsoleAsset } from "../console/ConsoleAssets";

/**
 * The policy of every console answer. Scripts, styles and calls come from this origin only and
 * no inline script runs, so data shown on the page can never run as code; no other site may
 * frame the page; forms never submit (the page handles them), so a key typed into one can never
 * end up in a URL.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

export const CONSOLE_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  // The files change with each deployment; the browser asks again, cheaply, every time.
  "cache-control": "no-cache",
};

/** A console file with its content type and the console's security headers. */
export function consoleAssetResponse(asset: ConsoleAsset): HttpResponseInit {
  return {
    status: 200,
    headers: { ...CONSOLE_HEADERS, "content-type": asset.contentType },
    body: asset.body,
  };
}

/**
 * `/api/console/` answered with the page would resolve the page's relative links one folder too
 * deep; the browser is sent to `/api/console` instead.
 */
export function consoleRedirect(pathname: string): HttpResponseInit {
  return {
    status: 308,
    // One leading slash only: "//host/..." would send the browser to another site.
    headers: { ...CONSOLE_HEADERS, location: `/${pathname.replace(/^\/+|\/+$/g, "")}` },
  };
}
