import { OBTAINED_AT_SECTION, type CacheDocument } from "./cacheDocument";

/**
 * The cache without the tokens of an account whose refresh token Entra refused for good: that
 * refresh token, and the access tokens cached before the refusal (a revoked session's access
 * tokens are refused by resources that check, and the next job should get a sign-in prompt, not
 * a token that stops working). The account itself stays, so it is still listed and a new sign-in
 * keeps its home account id. Tokens from a sign-in that landed meanwhile are newer and stay.
 */
export function withoutRefusedTokens(
  document: CacheDocument,
  homeAccountId: string,
  refusedRefreshTokens: readonly string[],
  refusedAtSeconds: number,
): CacheDocument {
  const next: CacheDocument = { ...document };
  const refreshTokens = { ...(document.RefreshToken ?? {}) };
  const obtainedAt = { ...(document[OBTAINED_AT_SECTION] ?? {}) };
  for (const [key, entity] of Object.entries(refreshTokens)) {
    if (refusedRefreshTokens.includes(String((entity as { secret?: unknown }).secret))) {
      delete refreshTokens[key];
      delete obtainedAt[key];
    }
  }
  const accessTokens = { ...(document.AccessToken ?? {}) };
  for (const [key, entity] of Object.entries(accessTokens)) {
    const token = entity as { home_account_id?: string; cached_at?: string };
    if (token.home_account_id === homeAccountId && Number(token.cached_at) <= refusedAtSeconds) {
      delete accessTokens[key];
    }
  }
  next.RefreshToken = refreshTokens;
  next.AccessToken = accessTokens;
  next[OBTAINED_AT_SECTION] = obtainedAt;
  return next;
}
