import { BrokerError } from "../http/BrokerError";
import type { BrokerLog } from "../log/BrokerLog";
import {
  OBTAINED_AT_SECTION,
  homeAccountIds,
  type CacheDocument,
} from "../tokenCache/cacheDocument";
import type { TokenCacheStore } from "../tokenCache/TokenCacheStore";
import type { AccountIndex } from "./AccountIndex";

/**
 * Removes an account and every token it holds from the tenant's cache (an ETag-conditional
 * write, like every other), then from the accounts table.
 */
export async function removeAccount(
  deps: { tokenCaches: TokenCacheStore; accounts: AccountIndex },
  tenantId: string,
  homeAccountId: string,
  log: BrokerLog,
): Promise<void> {
  const current = await deps.tokenCaches.read(tenantId);
  const wanted = homeAccountId.toLowerCase();
  if (!homeAccountIds(current.document).some((id) => id.toLowerCase() === wanted)) {
    await deps.accounts.remove(tenantId, homeAccountId);
    throw new BrokerError(
      "account_not_found",
      `Tenant ${tenantId} has no account ${homeAccountId}.`,
    );
  }

  await deps.tokenCaches.update(
    tenantId,
    (document) => withoutAccount(document, wanted),
    log,
    current,
  );
  await deps.accounts.remove(tenantId, homeAccountId);
  log.info("account.removed", { tenant: tenantId, account: homeAccountId });
}

function withoutAccount(document: CacheDocument, homeAccountId: string): CacheDocument {
  const next: CacheDocument = {};
  const removedRefreshTokens: string[] = [];
  for (const [section, entries] of Object.entries(document)) {
    next[section] = {};
    for (const [key, entity] of Object.entries(entries)) {
      const owner = (entity as { home_account_id?: unknown }).home_account_id;
      if (typeof owner === "string" && owner.toLowerCase() === homeAccountId) {
        if (section === "RefreshToken") {
          removedRefreshTokens.push(key);
        }
        continue;
      }
      next[section][key] = entity;
    }
  }
  for (const key of removedRefreshTokens) {
    delete next[OBTAINED_AT_SECTION]?.[key];
  }
  return next;
}
