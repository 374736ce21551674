import type { CacheDocument } from "../tokenCache/cacheDocument";

/** An account as a token cache's `Account` section holds it. */
export interface CacheAccount {
  homeAccountId: string;
  username: string;
}

/** The accounts of a cache, one per home account id, by username. */
export function cacheAccounts(document: CacheDocument): CacheAccount[] {
  const byId = new Map<string, CacheAccount>();
  for (const entity of Object.values(document.Account ?? {})) {
    const { home_account_id: homeAccountId, username } = entity as Record<string, unknown>;
    if (typeof homeAccountId === "string" && !byId.has(homeAccountId.toLowerCase())) {
      byId.set(homeAccountId.toLowerCase(), {
        homeAccountId,
        username: typeof username === "string" ? username : "",
      });
    }
  }
  return [...byId.values()].sort((a, b) => a.username.localeCompare(b.username));
}

/** The usernames of a cache's accounts that hold no refresh token, sorted. */
export function usernamesWithoutRefreshToken(document: CacheDocument): string[] {
  const owners = new Set(
    Object.values(document.RefreshToken ?? {}).map((entity) =>
      String((entity as { home_account_id?: unknown }).home_account_id).toLowerCase(),
    ),
  );
  return cacheAccounts(document)
    .filter((account) => !owners.has(account.homeAccountId.toLowerCase()))
    .map((account) => account.username);
}

/** The usernames of a cache's accounts, sorted. */
export function cacheUsernames(document: CacheDocument): string[] {
  return cacheAccounts(document).map((account) => account.username);
}
