import type { CacheDocument } from "./cacheDocument";
import { targetCovers } from "./resourceScopes";

// MSAL renews any access token this close to expiry, and the broker may not configure that.
const RENEWAL_MARGIN_SECONDS = 300;

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
  return Object.values(document?.AccessToken ?? {}).some((value) => {
    const token = value as AccessTokenEntity;
    return (
      token.home_account_id === homeAccountId &&
      targetCovers(token.target, scopes) &&
      Number(token.expires_on) > now + RENEWAL_MARGIN_SECONDS &&
      Number(token.cached_at) <= now + 1 &&
      (token.refresh_on === undefined || Number(token.refresh_on) > now)
    );
  });
}
