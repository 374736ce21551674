import type { Account } from "./types.js";

/**
 * Whether the account's refresh token still works, as its row tells: an account that needs a
 * sign-in has lost it (refused and dropped, or a restore brought none), unless only some of its
 * scopes lack consent, which leaves the refresh token serving the others.
 */
export function refreshTokenWorks(account: Account): boolean {
  return account.status !== "login_required" || lacksConsentInPart(account);
}

/** True when some of the account's scope sets lack consent and others still work. */
export function lacksConsentInPart(account: Account): boolean {
  return (
    account.scopeSets.some((set) => set.consentMissing) &&
    account.scopeSets.some((set) => !set.consentMissing)
  );
}
