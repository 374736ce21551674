import type { CacheDocument } from "./cacheDocument";
import { targetCovers } from "./resourceScopes";

/**
 * The cache without the account's access tokens that cover every one of `scopes` (OpenID scopes
 * aside, case-insensitive): those a job asking for these scopes would be handed. Used when Entra
 * refuses the scopes for want of consent, so that the next job gets a sign-in prompt rather than
 * a token minted before consent was withdrawn. The account's other tokens stay.
 */
export function withoutAccessTokensFor(
  document: CacheDocument,
  homeAccountId: string,
  scopes: readonly string[],
): CacheDocument {
  const accessTokens = { ...(document.AccessToken ?? {}) };
  for (const [key, entity] of Object.entries(accessTokens)) {
    const token = entity as { home_account_id?: string; target?: string };
    if (token.home_account_id === homeAccountId && targetCovers(token.target, scopes)) {
      delete accessTokens[key];
    }
  }
  return { ...document, AccessToken: accessTokens };
}
