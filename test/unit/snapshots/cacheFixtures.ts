import { OBTAINED_AT_SECTION, type CacheDocument } from "../../../shared/tokenCache/cacheDocument";

export const TENANT = "51a443f6-dad5-4be0-9878-ad25f3c6d2f7";
export const OTHER_TENANT = "2348132f-8b98-4a3c-84bc-be37d364f36e";
export const CLIENT = "0f3a8a6e-5b1c-4d7e-9a2b-6c8d1e2f3a4b";
export const ENV = "login.microsoftonline.com";

export interface AccountShape {
  uid: string;
  tenant?: string;
  username?: string;
  refreshToken?: string;
  obtainedAt?: number;
  environment?: string;
}

/** One account's entries as msal-node writes them (its key strings), in a cache document. */
export function msalNodeAccount(shape: AccountShape): CacheDocument {
  const tenant = shape.tenant ?? TENANT;
  const env = shape.environment ?? ENV;
  const home = `${shape.uid}.${tenant}`;
  const rtKey = `${home}-${env}-refreshtoken-${CLIENT}---`;
  const document: CacheDocument = {
    Account: {
      [`${home}-${env}-${tenant}`]: {
        home_account_id: home,
        environment: env,
        realm: tenant,
        local_account_id: shape.uid,
        username: shape.username ?? `${shape.uid}@contoso.example`,
        authority_type: "MSSTS",
      },
    },
    IdToken: {
      [`${home}-${env}-idtoken-${CLIENT}-${tenant}--`]: {
        home_account_id: home,
        environment: env,
        credential_type: "IdToken",
        client_id: CLIENT,
        realm: tenant,
        secret: `id-${shape.uid}`,
      },
    },
    AccessToken: {
      [`${home}-${env}-accesstoken-${CLIENT}-${tenant}-group.read.all-`]: {
        home_account_id: home,
        environment: env,
        credential_type: "AccessToken",
        client_id: CLIENT,
        realm: tenant,
        target: "Group.Read.All",
        secret: `at-${shape.uid}`,
        cached_at: "1700000000",
        expires_on: "1700003600",
        extended_expires_on: "1700003600",
        token_type: "Bearer",
      },
    },
    RefreshToken: {
      [rtKey]: {
        home_account_id: home,
        environment: env,
        credential_type: "RefreshToken",
        client_id: CLIENT,
        secret: shape.refreshToken ?? `rt-${shape.uid}`,
      },
    },
    AppMetadata: {},
  };
  if (shape.obtainedAt !== undefined) {
    document[OBTAINED_AT_SECTION] = { [rtKey]: shape.obtainedAt };
  }
  return document;
}

/** The entries of several caches in one. */
export function combined(...documents: CacheDocument[]): CacheDocument {
  const result: CacheDocument = {};
  for (const document of documents) {
    for (const [section, entries] of Object.entries(document)) {
      result[section] = { ...result[section], ...entries };
    }
  }
  return result;
}

/** The usernames of a cache's accounts. */
export function usernamesIn(document: CacheDocument): string[] {
  return Object.values(document.Account ?? {})
    .map((entity) => (entity as { username: string }).username)
    .sort();
}

/** The secrets of a cache's refresh tokens. */
export function refreshTokensIn(document: CacheDocument): string[] {
  return Object.values(document.RefreshToken ?? {})
    .map((entity) => (entity as { secret: string }).secret)
    .sort();
}
