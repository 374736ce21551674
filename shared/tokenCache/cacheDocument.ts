/**
 * A token cache as MSAL serializes it (the unified schema: `Account`, `IdToken`, `AccessToken`,
 * `RefreshToken`, `AppMetadata`, each a map of cache key to entity), plus one section of the
 * broker's own. MSAL keeps top-level sections it does not know when it serializes, so the
 * document stays a valid MSAL cache that any MSAL can read.
 */
export type CacheDocument = Record<string, CacheSection>;
export type CacheSection = Record<string, unknown>;

/** The MSAL sections that hold credentials and accounts. */
export const MSAL_SECTIONS = [
  "Account",
  "IdToken",
  "AccessToken",
  "RefreshToken",
  "AppMetadata",
] as const;

/**
 * The broker's section: when each refresh token was obtained (epoch ms), keyed by the refresh
 * token's cache key. It decides which of two concurrently rotated refresh tokens is newer.
 */
export const OBTAINED_AT_SECTION = "BrokerRefreshTokenObtainedAt";

export function emptyCacheDocument(): CacheDocument {
  return { Account: {}, IdToken: {}, AccessToken: {}, RefreshToken: {}, AppMetadata: {} };
}

/** Checks that parsed JSON has the shape of an MSAL cache; returns undefined when it does not. */
export function asCacheDocument(value: unknown): CacheDocument | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  const document = emptyCacheDocument();
  for (const [name, section] of Object.entries(value)) {
    if (!isRecord(section) || !Object.values(section).every(isRecord)) {
      if (name === OBTAINED_AT_SECTION && isRecord(section)) {
        document[name] = section;
        continue;
      }
      return undefined;
    }
    document[name] = section;
  }
  return document;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The `home_account_id` of every account in the cache. */
export function homeAccountIds(document: CacheDocument): string[] {
  return Object.values(document.Account ?? {}).flatMap((entity) => {
    const id = (entity as { home_account_id?: unknown }).home_account_id;
    return typeof id === "string" ? [id] : [];
  });
}
