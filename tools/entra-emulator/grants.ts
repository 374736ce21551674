import { randomBytes } from "node:crypto";

import type { EmulatorSettings } from "./settings";

/** One refresh token. Entra's are opaque; so are these (random, not JWTs). */
export interface RefreshTokenRecord {
  token: string;
  issuedAt: number;
  /** Last time it was issued or redeemed; the inactivity timeout counts from here. */
  lastActivityAt: number;
}

/**
 * What one user granted one client in one tenant: the consented permissions and the refresh
 * tokens issued under that consent, oldest first.
 *
 * This is the one place that holds sign-in state, so later controls fit here: revoking a user's
 * sessions (AADSTS50173) would stamp a `revokedAt` that `checkRefreshToken` compares with
 * `issuedAt`; requiring MFA (50076 with claims) would be a flag on the grant; withdrawing consent
 * (65001) would delete keys from `consentedScopeKeys`.
 */
export interface Grant {
  tenantId: string;
  userOid: string;
  clientId: string;
  consentedScopeKeys: Set<string>;
  refreshTokens: RefreshTokenRecord[];
}

/** Why a refresh token is refused, if it is. */
export type RefreshTokenProblem = "inactive" | "superseded";

/** Grants and refresh tokens of every tenant, user and client. */
export class GrantStore {
  private readonly grants = new Map<string, Grant>();
  private readonly tokenIndex = new Map<string, { grant: Grant; record: RefreshTokenRecord }>();

  /** Records consent to the given permissions, creating the grant on first sign-in. */
  consent(tenantId: string, userOid: string, clientId: string, scopeKeys: string[]): Grant {
    const key = grantKey(tenantId, userOid, clientId);
    let grant = this.grants.get(key);
    if (grant === undefined) {
      grant = { tenantId, userOid, clientId, consentedScopeKeys: new Set(), refreshTokens: [] };
      this.grants.set(key, grant);
    }
    for (const scopeKey of scopeKeys) grant.consentedScopeKeys.add(scopeKey);
    return grant;
  }

  find(tenantId: string, userOid: string, clientId: string): Grant | undefined {
    return this.grants.get(grantKey(tenantId, userOid, clientId));
  }

  /** Every grant of one user, whatever the client. */
  grantsOfUser(tenantId: string, userOid: string): Grant[] {
    return [...this.grants.values()].filter(
      (grant) => grant.tenantId === tenantId && grant.userOid === userOid,
    );
  }

  issueRefreshToken(grant: Grant, now: number): RefreshTokenRecord {
    const record = {
      token: randomBytes(64).toString("base64url"),
      issuedAt: now,
      lastActivityAt: now,
    };
    grant.refreshTokens.push(record);
    this.tokenIndex.set(record.token, { grant, record });
    return record;
  }

  lookupRefreshToken(token: string): { grant: Grant; record: RefreshTokenRecord } | undefined {
    return this.tokenIndex.get(token);
  }
}

/** Checks a refresh token of `grant` against the inactivity timeout and the rotation mode. */
export function checkRefreshToken(
  grant: Grant,
  record: RefreshTokenRecord,
  now: number,
  settings: EmulatorSettings,
): RefreshTokenProblem | undefined {
  if (now - record.lastActivityAt > settings.refreshTokenInactivitySeconds * 1000) {
    return "inactive";
  }
  if (settings.refreshTokenRotation === "strict" && grant.refreshTokens.at(-1) !== record) {
    return "superseded";
  }
  return undefined;
}

/** The refresh tokens of a grant that would be accepted now, newest first. */
export function validRefreshTokens(
  grant: Grant,
  now: number,
  settings: EmulatorSettings,
): RefreshTokenRecord[] {
  return grant.refreshTokens
    .filter((record) => checkRefreshToken(grant, record, now, settings) === undefined)
    .reverse();
}

function grantKey(tenantId: string, userOid: string, clientId: string): string {
  return `${tenantId}|${userOid}|${clientId.toLowerCase()}`;
}
