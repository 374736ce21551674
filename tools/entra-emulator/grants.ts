import { randomBytes } from "node:crypto";

import type { EmulatorSettings } from "./settings";

/** One refresh token. Entra's are opaque; so are these (random, not JWTs). */
export interface RefreshTokenRecord {
  token: string;
  issuedAt: number;
  /** Last time it was issued or redeemed; the inactivity timeout counts from here. */
  lastActivityAt: number;
  /** When the user's sessions were revoked while this token was alive (AADSTS50173). */
  revokedAt?: number;
  /** When a test expired this token ahead of the inactivity timeout (AADSTS700082). */
  expiredAt?: number;
  /** Conditional access policies the sign-in behind this token satisfied (see mfaRequirements). */
  satisfiedPolicyIds: readonly string[];
}

/**
 * What one user granted one client in one tenant: the consented permissions and the refresh
 * tokens issued under that consent, oldest first.
 *
 * This is the one place that holds sign-in state, and the test controls act on it: revoking a
 * user's sessions (AADSTS50173) and expiring their refresh tokens (700082) stamp every token the
 * user holds at that moment, so tokens of later sign-ins work whatever the clock says;
 * withdrawing consent (65001) deletes keys from `consentedScopeKeys`, or withdraws all of it.
 * A requirement for multi-factor authentication is per user, not per grant (`mfaRequirements`).
 */
export interface Grant {
  tenantId: string;
  userOid: string;
  clientId: string;
  consentedScopeKeys: Set<string>;
  /** Set when all consent was withdrawn; the next sign-in that consents clears it. */
  consentWithdrawn: boolean;
  refreshTokens: RefreshTokenRecord[];
}

/** A grant as plain data, as the emulator's state file holds it (see stateFile.ts). */
export interface GrantSnapshot {
  tenantId: string;
  userOid: string;
  clientId: string;
  consentedScopeKeys: string[];
  consentWithdrawn: boolean;
  refreshTokens: RefreshTokenRecord[];
}

/** Why a refresh token is refused, if it is. */
export type RefreshTokenProblem = "revoked" | "inactive" | "superseded";

/** Grants and refresh tokens of every tenant, user and client. */
export class GrantStore {
  private readonly grants = new Map<string, Grant>();
  private readonly tokenIndex = new Map<string, { grant: Grant; record: RefreshTokenRecord }>();

  /** Starts empty, or with the grants an earlier run saved (see `snapshot`). */
  constructor(saved: readonly GrantSnapshot[] = []) {
    for (const snapshot of saved) {
      const grant: Grant = {
        ...snapshot,
        consentedScopeKeys: new Set(snapshot.consentedScopeKeys),
        refreshTokens: snapshot.refreshTokens.map(copyRecord),
      };
      this.grants.set(grantKey(grant.tenantId, grant.userOid, grant.clientId), grant);
      for (const record of grant.refreshTokens) {
        this.tokenIndex.set(record.token, { grant, record });
      }
    }
  }

  /** Every grant as plain data, copied so that the caller cannot change the store's records. */
  snapshot(): GrantSnapshot[] {
    return [...this.grants.values()].map((grant) => ({
      ...grant,
      consentedScopeKeys: [...grant.consentedScopeKeys],
      refreshTokens: grant.refreshTokens.map(copyRecord),
    }));
  }

  /** Records consent to the given permissions, creating the grant on first sign-in. */
  consent(tenantId: string, userOid: string, clientId: string, scopeKeys: string[]): Grant {
    const key = grantKey(tenantId, userOid, clientId);
    let grant = this.grants.get(key);
    if (grant === undefined) {
      grant = {
        tenantId,
        userOid,
        clientId,
        consentedScopeKeys: new Set(),
        consentWithdrawn: false,
        refreshTokens: [],
      };
      this.grants.set(key, grant);
    }
    grant.consentWithdrawn = false;
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

  /** Every grant in one tenant. */
  grantsOfTenant(tenantId: string): Grant[] {
    return [...this.grants.values()].filter((grant) => grant.tenantId === tenantId);
  }

  issueRefreshToken(
    grant: Grant,
    now: number,
    satisfiedPolicyIds: readonly string[] = [],
  ): RefreshTokenRecord {
    const record: RefreshTokenRecord = {
      token: randomBytes(64).toString("base64url"),
      issuedAt: now,
      lastActivityAt: now,
      satisfiedPolicyIds,
    };
    grant.refreshTokens.push(record);
    this.tokenIndex.set(record.token, { grant, record });
    return record;
  }

  lookupRefreshToken(token: string): { grant: Grant; record: RefreshTokenRecord } | undefined {
    return this.tokenIndex.get(token);
  }

  /**
   * Revokes every refresh token the user holds now, for every client, as revoking sign-in
   * sessions or changing the password does. Returns how many were still unrevoked.
   */
  revokeRefreshTokens(tenantId: string, userOid: string, now: number): number {
    return this.stamp(tenantId, userOid, (record) => {
      if (record.revokedAt !== undefined) return false;
      record.revokedAt = now;
      return true;
    });
  }

  /** Expires every refresh token the user holds now, as if unused for too long. */
  expireRefreshTokens(tenantId: string, userOid: string, now: number): number {
    return this.stamp(tenantId, userOid, (record) => {
      if (record.expiredAt !== undefined) return false;
      record.expiredAt = now;
      return true;
    });
  }

  /**
   * Withdraws the user's consent to the given permissions for every client, or all consent when
   * `scopeKeys` is undefined. Returns how many grants lost something.
   */
  withdrawConsent(tenantId: string, userOid: string, scopeKeys: string[] | undefined): number {
    let changed = 0;
    for (const grant of this.grantsOfUser(tenantId, userOid)) {
      if (scopeKeys === undefined) {
        grant.consentWithdrawn = true;
        grant.consentedScopeKeys.clear();
        changed += 1;
      } else {
        const removed = scopeKeys.filter((key) => grant.consentedScopeKeys.delete(key));
        if (removed.length > 0) changed += 1;
      }
    }
    return changed;
  }

  private stamp(
    tenantId: string,
    userOid: string,
    mark: (record: RefreshTokenRecord) => boolean,
  ): number {
    const records = this.grantsOfUser(tenantId, userOid).flatMap((grant) => grant.refreshTokens);
    return records.filter(mark).length;
  }
}

/**
 * Checks a refresh token of `grant`: revoked, expired (by a test or the inactivity timeout), or
 * superseded under strict rotation.
 */
export function checkRefreshToken(
  grant: Grant,
  record: RefreshTokenRecord,
  now: number,
  settings: EmulatorSettings,
): RefreshTokenProblem | undefined {
  if (record.revokedAt !== undefined) return "revoked";
  const idle = now - record.lastActivityAt > settings.refreshTokenInactivitySeconds * 1000;
  if (record.expiredAt !== undefined || idle) return "inactive";
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

function copyRecord(record: RefreshTokenRecord): RefreshTokenRecord {
  return { ...record, satisfiedPolicyIds: [...record.satisfiedPolicyIds] };
}

function grantKey(tenantId: string, userOid: string, clientId: string): string {
  return `${tenantId}|${userOid}|${clientId.toLowerCase()}`;
}
