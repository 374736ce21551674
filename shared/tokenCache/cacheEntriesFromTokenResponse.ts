import type {
  SerializedAccessTokenEntity,
  SerializedAccountEntity,
  SerializedIdTokenEntity,
  SerializedRefreshTokenEntity,
} from "@azure/msal-node";
import { readClientInfo, readJwtClaims, type TokenResponse } from "../identity/tokenResponse";
import { OBTAINED_AT_SECTION, type CacheDocument } from "./cacheDocument";
import { resourceScopes } from "./resourceScopes";

/** Where the tokens came from and what was asked for. */
export interface TokenOrigin {
  /** The authority's `host[:port]`: MSAL's cache environment. */
  environment: string;
  clientId: string;
  tenantId: string;
  requestedScopes: readonly string[];
  /** When the token request was sent (epoch ms); expiry is counted from it, as MSAL does. */
  requestedAt: number;
}

/** The account that a set of cache entries belongs to. */
export interface CachedAccount {
  homeAccountId: string;
  username: string;
  tenantId: string;
}

/**
 * Turns a token answer that the broker obtained itself (the device-code grant, which MSAL cannot
 * run one poll at a time) into MSAL cache entries, keyed exactly as msal-node keys them. Matching
 * keys matter: when MSAL later refreshes these tokens it overwrites the same entries instead of
 * adding a second refresh token beside a stale one.
 */
export function cacheEntriesFromTokenResponse(
  response: TokenResponse,
  origin: TokenOrigin,
): { account: CachedAccount; change: (document: CacheDocument) => CacheDocument } {
  const { uid, utid } = readClientInfo(response.client_info);
  const claims = readJwtClaims(response.id_token ?? "");
  const homeAccountId = `${uid}.${utid}`;
  const realm = claims.tid ?? origin.tenantId;
  const username = claims.preferred_username ?? claims.upn ?? "";
  const env = origin.environment;
  const key = (...parts: string[]) => parts.join("-").toLowerCase();
  const credential = { home_account_id: homeAccountId, environment: env };

  const account: SerializedAccountEntity = {
    ...credential,
    realm,
    local_account_id: claims.oid ?? uid,
    username,
    authority_type: "MSSTS",
    ...(claims.name === undefined ? {} : { name: claims.name }),
    ...(response.client_info === undefined ? {} : { client_info: response.client_info }),
    tenantProfiles: [
      JSON.stringify({
        tenantId: realm,
        localAccountId: claims.oid ?? uid,
        name: claims.name ?? "",
        isHomeTenant: realm === utid,
      }),
    ],
  };
  const entries: Array<[string, string, unknown]> = [
    ["Account", key(homeAccountId, env, utid), account],
  ];

  if (response.id_token) {
    const idToken: SerializedIdTokenEntity = {
      ...credential,
      credential_type: "IdToken",
      client_id: origin.clientId,
      secret: response.id_token,
      realm,
    };
    entries.push([
      "IdToken",
      key(homeAccountId, env, "idtoken", origin.clientId, realm, "", ""),
      idToken,
    ]);
  }

  const issuedAt = Math.floor(origin.requestedAt / 1000);
  const target = (response.scope?.trim() || origin.requestedScopes.join(" "))
    .split(/\s+/)
    .filter((scope, index, all) => all.indexOf(scope) === index)
    .join(" ");
  const expiresOn = issuedAt + response.expires_in;
  const accessToken: SerializedAccessTokenEntity = {
    ...credential,
    credential_type: "AccessToken",
    client_id: origin.clientId,
    secret: response.access_token,
    realm,
    target,
    cached_at: String(issuedAt),
    expires_on: String(expiresOn),
    extended_expires_on: String(expiresOn + (response.ext_expires_in ?? 0)),
    ...(response.refresh_in ? { refresh_on: String(issuedAt + response.refresh_in) } : {}),
    token_type: "Bearer",
  };
  const atKey = key(homeAccountId, env, "accesstoken", origin.clientId, realm, target, "");
  entries.push(["AccessToken", atKey, accessToken]);

  let rtKey: string | undefined;
  if (response.refresh_token) {
    const refreshToken: SerializedRefreshTokenEntity = {
      ...credential,
      credential_type: "RefreshToken",
      client_id: origin.clientId,
      secret: response.refresh_token,
    };
    rtKey = key(homeAccountId, env, "refreshtoken", origin.clientId, "", "", "");
    entries.push(["RefreshToken", rtKey, refreshToken]);
  }

  const change = (document: CacheDocument): CacheDocument => {
    const next: CacheDocument = {};
    for (const [section, values] of Object.entries(document)) {
      next[section] = { ...values };
    }
    // A new sign-in replaces the account's access tokens whose scopes overlap the new ones.
    const granted = new Set(resourceScopes(target));
    for (const [existingKey, entity] of Object.entries(next.AccessToken ?? {})) {
      const at = entity as { home_account_id?: string; target?: string };
      const overlaps = resourceScopes(at.target ?? "").some((scope) => granted.has(scope));
      if (at.home_account_id === homeAccountId && overlaps && existingKey !== atKey) {
        delete next.AccessToken?.[existingKey];
      }
    }
    for (const [section, entryKey, value] of entries) {
      (next[section] ??= {})[entryKey] = value;
    }
    if (rtKey) {
      (next[OBTAINED_AT_SECTION] ??= {})[rtKey] = origin.requestedAt;
    }
    return next;
  };

  return { account: { homeAccountId, username, tenantId: realm }, change };
}
