import type { CachedAccount } from "../tokenCache/cacheEntriesFromTokenResponse";

/** Where a device-code login stands. */
export type LoginStatus = "pending" | "completed" | "declined" | "expired" | "failed";

/** A device-code login as callers see it. The device code itself is never part of it. */
export interface Login {
  id: string;
  tenantId: string;
  status: LoginStatus;
  scopes: string[];
  userCode: string;
  verificationUri: string;
  message: string;
  expiresOn: string;
  /** Seconds to wait between polls; grows by 5 each time Entra says `slow_down`. */
  interval: number;
  account?: CachedAccount;
  accessTokenExpiresOn?: string;
  /** Why a login did not complete, in words safe to show. */
  reason?: string;
}

/** The JSON a caller receives for a login: only what is useful in its status. */
export function loginView(login: Login): Record<string, unknown> {
  const common = { id: login.id, status: login.status, scopes: login.scopes };
  switch (login.status) {
    case "pending":
      return {
        ...common,
        userCode: login.userCode,
        verificationUri: login.verificationUri,
        message: login.message,
        expiresOn: login.expiresOn,
        interval: login.interval,
      };
    case "completed":
      return {
        ...common,
        account: login.account,
        accessTokenExpiresOn: login.accessTokenExpiresOn,
      };
    default:
      return { ...common, reason: login.reason, expiresOn: login.expiresOn };
  }
}
