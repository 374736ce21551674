/** The shapes the broker's HTTP API answers with, as the console reads them. */

export type AccountStatus = "active" | "login_required" | "error";

export interface ScopeSet {
  scopes: string[];
  expiresOn: string | null;
  /** Entra refused these scopes for want of consent; the account's other scopes still work. */
  consentMissing?: true;
}

export interface Account {
  homeAccountId: string;
  username: string;
  status: AccountStatus;
  reason?: string;
  accessTokenExpiresOn: string | null;
  lastRefreshAt: string | null;
  refreshTokenUsedAt: string | null;
  scopeSets: ScopeSet[];
}

export interface TenantOverview {
  tenantId: string;
  domains: string[];
  accountCount: number;
  attentionCount: number;
}

export interface Snapshot {
  id: string;
  createdOn: string;
  label: string;
  accounts: string[];
  sizeBytes: number;
  /** Those of `accounts` the snapshot holds no refresh token for; absent when it does not say. */
  withoutRefreshToken?: string[];
  unreadable?: true;
}

export type RestoreMode = "replace" | "merge";

export interface RestoreReport {
  restoredAccounts: string[];
  safetySnapshot: string | null;
  mode: RestoreMode;
}

/** A device-code login; only a pending one carries the user code, never the device code. */
export interface Login {
  id: string;
  status: "pending" | "completed" | "declined" | "expired" | "failed";
  scopes: string[];
  userCode?: string;
  verificationUri?: string;
  expiresOn?: string;
  interval?: number;
  account?: { homeAccountId: string; username: string; tenantId: string };
  accessTokenExpiresOn?: string;
  reason?: string;
}
