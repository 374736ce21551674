import type { TableClient } from "@azure/data-tables";
import { BrokerError } from "../http/BrokerError";
import { storageStatus } from "../storage/storageClients";
import { storageUnavailable } from "../storage/storageUnavailable";
import type { CacheDocument } from "../tokenCache/cacheDocument";

/** Whether an account can get tokens without a person. */
export type AccountStatus = "active" | "login_required" | "error";

/** What the accounts table says of one signed-in account. */
export interface AccountSummary {
  homeAccountId: string;
  username: string;
  accessTokenExpiresOn: string | null;
  status: AccountStatus;
  reason?: string;
}

interface AccountEntity {
  partitionKey: string;
  rowKey: string;
  username: string;
  accessTokenExpiresOn: string;
  status: AccountStatus;
  reason: string;
}

/**
 * The accounts table: per tenant, one row per account in the tenant's token cache, so that
 * listings never decrypt a cache. Rows follow the cache; the cache is the truth.
 */
export class AccountIndex {
  constructor(private readonly table: TableClient) {}

  /** Records the state that `document` holds for the given accounts, as active. */
  async recordFromCache(
    tenantId: string,
    document: CacheDocument,
    homeAccountIds: Iterable<string>,
  ): Promise<void> {
    const writes = [...new Set(homeAccountIds)].map((homeAccountId) => {
      const summary = summarize(document, homeAccountId);
      if (!summary) {
        return Promise.resolve();
      }
      const entity: AccountEntity = {
        partitionKey: tenantId,
        rowKey: homeAccountId,
        username: summary.username,
        accessTokenExpiresOn: summary.accessTokenExpiresOn ?? "",
        status: "active",
        reason: "",
      };
      return this.table.upsertEntity(entity, "Merge");
    });
    await this.guard(Promise.all(writes));
  }

  /** Marks an account that can no longer be refreshed, with a reason a person can act on. */
  async markLoginRequired(tenantId: string, homeAccountId: string, reason: string): Promise<void> {
    await this.guard(
      this.table.updateEntity(
        { partitionKey: tenantId, rowKey: homeAccountId, status: "login_required", reason },
        "Merge",
      ),
    ).catch((error: unknown) => {
      // The account may have been removed meanwhile; nothing to mark then.
      if (!(error instanceof BrokerError && error.cause && storageStatus(error.cause) === 404)) {
        throw error;
      }
    });
  }

  async list(tenantId: string): Promise<AccountSummary[]> {
    const accounts: AccountSummary[] = [];
    const rows = this.table.listEntities<AccountEntity>({
      queryOptions: { filter: `PartitionKey eq '${tenantId.replace(/'/g, "''")}'` },
    });
    await this.guard(
      (async () => {
        for await (const row of rows) {
          accounts.push({
            homeAccountId: row.rowKey,
            username: row.username,
            accessTokenExpiresOn: row.accessTokenExpiresOn || null,
            status: row.status,
            ...(row.reason ? { reason: row.reason } : {}),
          });
        }
      })(),
    );
    return accounts.sort((a, b) => a.username.localeCompare(b.username));
  }

  async remove(tenantId: string, homeAccountId: string): Promise<void> {
    await this.guard(this.table.deleteEntity(tenantId, homeAccountId)).catch((error: unknown) => {
      if (!(error instanceof BrokerError && error.cause && storageStatus(error.cause) === 404)) {
        throw error;
      }
    });
  }

  private async guard<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (cause) {
      throw storageUnavailable("The accounts table", cause);
    }
  }
}

/** Username and latest access token expiry of one account, read from a cache document. */
export function summarize(
  document: CacheDocument,
  homeAccountId: string,
): { username: string; accessTokenExpiresOn: string | null } | undefined {
  const account = Object.values(document.Account ?? {}).find(
    (entity) => (entity as { home_account_id?: string }).home_account_id === homeAccountId,
  ) as { username?: string } | undefined;
  if (!account) {
    return undefined;
  }
  const expiries = Object.values(document.AccessToken ?? {})
    .filter((entity) => (entity as { home_account_id?: string }).home_account_id === homeAccountId)
    .map((entity) => Number((entity as { expires_on?: string }).expires_on))
    .filter((seconds) => Number.isFinite(seconds));
  const latest = expiries.length > 0 ? Math.max(...expiries) : undefined;
  return {
    username: account.username ?? "",
    accessTokenExpiresOn: latest === undefined ? null : new Date(latest * 1000).toISOString(),
  };
}
