import type { TableClient } from "@azure/data-tables";
import { BrokerError } from "../http/BrokerError";
import { storageStatus } from "../storage/storageClients";
import { storageUnavailable } from "../storage/storageUnavailable";
import {
  consentMissingReason,
  earliestExpiry,
  parseScopeSets,
  sameScopes,
  withConsentMissing,
  withScopeSet,
  type ScopeSetState,
} from "./scopeSets";

/** Whether an account can get tokens without a person. */
export type AccountStatus = "active" | "login_required" | "error";

/** What the accounts table says of one signed-in account. */
export interface AccountSummary {
  homeAccountId: string;
  username: string;
  status: AccountStatus;
  /** Why the account needs attention, in words a person can act on. */
  reason?: string;
  /** The earliest expiry among the access tokens of the scopes jobs asked for. */
  accessTokenExpiresOn: string | null;
  lastRefreshAt: string | null;
  refreshTokenUsedAt: string | null;
  scopeSets: ScopeSetState[];
}

/** One account row with its tenant, as the refresh timer walks them. */
export interface AccountRecord extends AccountSummary {
  tenantId: string;
  /** The claims challenge Entra sent with the last refusal, for the next sign-in to meet. */
  claims?: string;
  /** The row's ETag when it was read; a write based on this record is conditional on it. */
  etag?: string;
}

interface AccountEntity {
  partitionKey: string;
  rowKey: string;
  username: string;
  status: AccountStatus;
  reason: string;
  claims: string;
  accessTokenExpiresOn: string;
  scopeSets: string;
  lastRefreshAt: string;
  refreshTokenUsedAt: string;
}

type AccountChange = Partial<Omit<AccountEntity, "partitionKey" | "rowKey" | "scopeSets">> & {
  scopeSets?: ScopeSetState[];
};

const RESTORED_WITHOUT_REFRESH_TOKEN =
  "The restored cache holds no refresh token for this account; sign in again.";

// Enough for a timer run, a job and a login touching one account at the same moment.
const MAX_UPDATE_ATTEMPTS = 8;

/**
 * The accounts table: per tenant, one row per account in the tenant's token cache, so that
 * listings and the refresh timer never decrypt a cache to learn who is signed in, which scopes
 * jobs asked for, and when tokens expire. Every row change is an ETag-conditional write.
 */
export class AccountIndex {
  constructor(private readonly table: TableClient) {}

  /** A person signed in: the account is active again, with the scopes of that login. */
  async recordSignIn(
    tenantId: string,
    account: { homeAccountId: string; username: string },
    scopes: readonly string[],
    accessTokenExpiresOn: string,
    now: number,
  ): Promise<void> {
    await this.update(tenantId, account.homeAccountId, undefined, (current) => {
      const sets = withScopeSet(current?.scopeSets ?? [], scopes, accessTokenExpiresOn);
      return {
        username: account.username,
        ...statusOfWorkingAccount(sets, current),
        scopeSets: sets,
        refreshTokenUsedAt: new Date(now).toISOString(),
      };
    });
  }

  /**
   * A restore or import put the account back in the cache: it is active again under its
   * username when a refresh token came with it, and needs a sign-in when none did. An account
   * that already needed one, and had no refresh token before either, keeps its reason. The scope
   * sets of its access tokens in the restored cache join those already recorded.
   */
  async recordRestored(
    tenantId: string,
    account: { homeAccountId: string; username: string },
    restored: {
      hasRefreshToken: boolean;
      /** Whether the cache held a refresh token for the account before the restore. */
      hadRefreshToken: boolean;
      /** When the restored refresh token was obtained, if the cache recorded it. */
      refreshTokenObtainedAt?: number;
      scopeSets: ScopeSetState[];
    },
  ): Promise<void> {
    const { hasRefreshToken, hadRefreshToken, refreshTokenObtainedAt } = restored;
    await this.update(tenantId, account.homeAccountId, undefined, (current) => {
      // Tokens a restore brings back do not give back consent that Entra refused since.
      const currentSets = current?.scopeSets ?? [];
      const scopeSets = restored.scopeSets
        .filter(
          (set) => !currentSets.some((c) => c.consentMissing && sameScopes(c.scopes, set.scopes)),
        )
        .reduce((sets, set) => withScopeSet(sets, set.scopes, set.expiresOn), currentSets);
      return {
        ...(refreshTokenObtainedAt && !current?.refreshTokenUsedAt
          ? { refreshTokenUsedAt: iso(refreshTokenObtainedAt) }
          : {}),
        username: account.username,
        ...statusAfterRestore(scopeSets, current, hasRefreshToken, hadRefreshToken),
        scopeSets,
      };
    });
  }

  /** A refresh token was used for these scopes and gave a token expiring at `expiresOn`. */
  async recordRefresh(
    tenantId: string,
    homeAccountId: string,
    refreshed: Array<{ scopes: readonly string[]; expiresOn: string }>,
    now: number,
    options: { byTimer: boolean; known?: AccountRecord },
  ): Promise<void> {
    const at = new Date(now).toISOString();
    await this.update(tenantId, homeAccountId, options.known, (current) => {
      if (!current) {
        return undefined;
      }
      let sets = current.scopeSets;
      for (const { scopes, expiresOn } of refreshed) {
        sets = withScopeSet(sets, scopes, expiresOn);
      }
      return {
        ...statusOfWorkingAccount(sets, current),
        scopeSets: sets,
        ...(refreshed.length > 0 ? { refreshTokenUsedAt: at } : {}),
        ...(options.byTimer ? { lastRefreshAt: at } : {}),
      };
    });
  }

  /** The account cannot be refreshed without a person; `reason` says why. */
  async markLoginRequired(
    tenantId: string,
    homeAccountId: string,
    reason: string,
    claims: string | undefined,
    now: number,
  ): Promise<void> {
    // The account's access tokens were dropped with the refused refresh token; the whole account
    // needs a sign-in, so scope sets lacking consent are no longer told apart.
    await this.update(tenantId, homeAccountId, undefined, (current) =>
      current
        ? {
            status: "login_required",
            reason,
            claims: claims ?? "",
            lastRefreshAt: iso(now),
            scopeSets: current.scopeSets.map((set) => ({ scopes: set.scopes, expiresOn: null })),
          }
        : undefined,
    );
  }

  /**
   * Entra refused `scopes` for want of consent: the account needs a person for those scopes
   * only, and keeps its refresh token and its other scope sets.
   */
  async markConsentMissing(
    tenantId: string,
    homeAccountId: string,
    scopes: readonly string[],
    claims: string | undefined,
    now: number,
  ): Promise<string> {
    let reason = "";
    await this.update(tenantId, homeAccountId, undefined, (current) => {
      if (!current) {
        return undefined;
      }
      const scopeSets = withConsentMissing(current.scopeSets, scopes);
      reason = consentMissingReason(scopeSets)!;
      return {
        status: "login_required",
        reason,
        claims: claims ?? current.claims ?? "",
        lastRefreshAt: iso(now),
        scopeSets,
      };
    });
    return reason;
  }

  /** A refresh failed for a reason that may pass (Entra out of reach); no person is needed. */
  async markError(tenantId: string, homeAccountId: string, reason: string, now: number) {
    await this.update(tenantId, homeAccountId, undefined, (current) =>
      current ? { status: "error", reason, lastRefreshAt: iso(now) } : undefined,
    );
  }

  async get(tenantId: string, homeAccountId: string): Promise<AccountRecord | undefined> {
    return (await this.read(tenantId, homeAccountId))?.record;
  }

  async list(tenantId: string): Promise<AccountSummary[]> {
    const accounts: AccountSummary[] = [];
    for await (const record of this.walk(`PartitionKey eq '${tenantId.replace(/'/g, "''")}'`)) {
      accounts.push(toSummary(record));
    }
    return accounts.sort((a, b) => a.username.localeCompare(b.username));
  }

  /** Every account of every tenant. */
  listAll(): AsyncIterable<AccountRecord> {
    return this.walk(undefined);
  }

  async remove(tenantId: string, homeAccountId: string): Promise<void> {
    try {
      await this.table.deleteEntity(tenantId, homeAccountId);
    } catch (error) {
      if (storageStatus(error) !== 404) {
        throw storageUnavailable("The accounts table", error);
      }
    }
  }

  private async *walk(filter: string | undefined): AsyncIterable<AccountRecord> {
    const rows = this.table.listEntities<AccountEntity>(
      filter === undefined ? {} : { queryOptions: { filter } },
    );
    try {
      for await (const row of rows) {
        yield { ...toRecord(row), etag: row.etag };
      }
    } catch (error) {
      throw storageUnavailable("The accounts table", error);
    }
  }

  private async read(
    tenantId: string,
    homeAccountId: string,
  ): Promise<{ record: AccountRecord; etag: string } | undefined> {
    try {
      const row = await this.table.getEntity<AccountEntity>(tenantId, homeAccountId);
      return { record: toRecord(row), etag: row.etag };
    } catch (error) {
      if (storageStatus(error) === 404) {
        return undefined;
      }
      throw storageUnavailable("The accounts table", error);
    }
  }

  /**
   * Reads the row, asks `change` what to write (undefined: nothing), and writes it under the
   * row's ETag, or creates it; on a conflict, reads again and asks again.
   */
  private async update(
    tenantId: string,
    homeAccountId: string,
    known: AccountRecord | undefined,
    change: (current: AccountRecord | undefined) => AccountChange | undefined,
  ): Promise<void> {
    // A record read moments ago (the timer's walk) spares the first read; its ETag still guards.
    let first = known?.etag ? { record: known, etag: known.etag } : undefined;
    for (let attempt = 1; attempt <= MAX_UPDATE_ATTEMPTS; attempt++) {
      const current = first ?? (await this.read(tenantId, homeAccountId));
      first = undefined;
      const next = change(current?.record);
      if (!next) {
        return;
      }
      const { scopeSets, ...fields } = next;
      const entity = {
        partitionKey: tenantId,
        rowKey: homeAccountId,
        ...fields,
        ...(scopeSets
          ? {
              scopeSets: JSON.stringify(scopeSets),
              accessTokenExpiresOn: earliestExpiry(scopeSets) ?? "",
            }
          : {}),
      };
      try {
        if (current) {
          await this.table.updateEntity(entity, "Merge", { etag: current.etag });
        } else {
          await this.table.createEntity(entity);
        }
        return;
      } catch (error) {
        const status = storageStatus(error);
        if (status !== 412 && status !== 409) {
          throw storageUnavailable("The accounts table", error);
        }
      }
    }
    throw new BrokerError("storage_unavailable", "The account is changing too fast to record.", {
      retryAfterSeconds: 1,
    });
  }
}

/** What callers of the API see of an account: the record without tenant and claims. */
export function toSummary(record: AccountRecord): AccountSummary {
  return {
    homeAccountId: record.homeAccountId,
    username: record.username,
    status: record.status,
    ...(record.reason ? { reason: record.reason } : {}),
    accessTokenExpiresOn: record.accessTokenExpiresOn,
    lastRefreshAt: record.lastRefreshAt,
    refreshTokenUsedAt: record.refreshTokenUsedAt,
    scopeSets: record.scopeSets,
  };
}

/**
 * The status of an account that just got a token: active, unless some of its scope sets still
 * lack consent, which a token for other scopes does not change.
 */
function statusOfWorkingAccount(
  sets: readonly ScopeSetState[],
  current: AccountRecord | undefined,
): Pick<AccountEntity, "status" | "reason" | "claims"> {
  const reason = consentMissingReason(sets);
  return reason === undefined
    ? { status: "active", reason: "", claims: "" }
    : { status: "login_required", reason, claims: current?.claims ?? "" };
}

/**
 * The status of a restored account: as after a token when it has a refresh token; otherwise it
 * needs a sign-in, and keeps the reason it already had when the restore changed nothing for it.
 */
function statusAfterRestore(
  sets: readonly ScopeSetState[],
  current: AccountRecord | undefined,
  hasRefreshToken: boolean,
  hadRefreshToken: boolean,
): Pick<AccountEntity, "status"> & Partial<Pick<AccountEntity, "reason" | "claims">> {
  if (hasRefreshToken) {
    return statusOfWorkingAccount(sets, current);
  }
  if (!hadRefreshToken && current?.status === "login_required") {
    return { status: "login_required" };
  }
  return { status: "login_required", reason: RESTORED_WITHOUT_REFRESH_TOKEN, claims: "" };
}

function iso(now: number): string {
  return new Date(now).toISOString();
}

function toRecord(row: AccountEntity): AccountRecord {
  return {
    tenantId: row.partitionKey,
    homeAccountId: row.rowKey,
    username: row.username ?? "",
    status: row.status ?? "active",
    ...(row.reason ? { reason: row.reason } : {}),
    ...(row.claims ? { claims: row.claims } : {}),
    accessTokenExpiresOn: row.accessTokenExpiresOn || null,
    lastRefreshAt: row.lastRefreshAt || null,
    refreshTokenUsedAt: row.refreshTokenUsedAt || null,
    scopeSets: parseScopeSets(row.scopeSets),
  };
}
