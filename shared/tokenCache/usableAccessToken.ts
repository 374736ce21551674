import type { CacheDocument } from "./cacheDocument";

// MSAL renews any access token this close to expiry, and the broker may not configure that.
const RENEWAL_MARGIN_SECONDS = 300;
const OIDC_SCOPES = new Set(["openid", "profile", "offline_access", "email"]);

interface AccessTokenEntity {
  home_account_id?: string;
  target?: string;
  cached_at?: string;
  expires_on?: string;
  refresh_on?: string;
}

/**
 * True when the cache holds an access token that MSAL's silent call would hand out without a
 * request to Entra: same account, scopes covered (case-insensitive, OpenID scopes aside), more
 * than MSAL's fixed 300 s from expiry, not due for its proactive refresh, not from the future.
 * The broker asks this first, so that only calls that will refresh take the tenant's refresh
 * lease.
 */
export function hasUsableAccessToken(
  document: CacheDocument | undefined,
  homeAccountId: string,
  scopes: readonly string[],
  nowMs: number,
): boolean {
  const now = nowMs / 1000;
  const wanted = scopes.map((s) => s.toLowerCase()).filter((s) => !OIDC_SCOPES.has(s));
  return Object.values(document?.AccessToken ?? {}).some((value) => {
    const token = value as AccessTokenEntity;
    const target = new Set((token.target ?? "").toLowerCase().split(/\s+/));
    return (
      token.home_account_id === homeAccountId &&
      wanted.every((scope) => target.has(scope)) &&
      Number(token.expires_on) > now + RENEWAL_MARGIN_SECONDS &&
      Number(token.cached_at) <= now + 1 &&
      (token.refresh_on === undefined || Number(token.refresh_on) > now)
    );
  });
}
