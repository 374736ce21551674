import type { CacheDocument } from "../tokenCache/cacheDocument";
import type { ScopeSetState } from "./scopeSets";
import { OIDC_SCOPES } from "../tokenCache/resourceScopes";

/**
 * The scope sets an account's access tokens in a cache were minted for, with their expiry: what
 * jobs asked for, as far as the cache remembers. A restore or import records them, so that the
 * refresh timer keeps refreshing those scopes and not the default ones the user may never have
 * consented to.
 */
export function scopeSetsInCache(document: CacheDocument, homeAccountId: string): ScopeSetState[] {
  const wanted = homeAccountId.toLowerCase();
  return Object.values(document.AccessToken ?? {}).flatMap((entity) => {
    const token = entity as { home_account_id?: string; target?: string; expires_on?: string };
    const scopes = (token.target ?? "")
      .split(/\s+/)
      .filter((scope) => scope && !OIDC_SCOPES.has(scope.toLowerCase()));
    const expiresOn = Number(token.expires_on);
    if (token.home_account_id?.toLowerCase() !== wanted || scopes.length === 0) {
      return [];
    }
    return [{ scopes, expiresOn: expiresOn > 0 ? new Date(expiresOn * 1000).toISOString() : null }];
  });
}
