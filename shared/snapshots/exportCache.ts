import { BrokerError } from "../http/BrokerError";
import type { BrokerLog } from "../log/BrokerLog";
import { MSAL_SECTIONS, type CacheDocument } from "../tokenCache/cacheDocument";
import { cacheAccounts } from "./cacheAccounts";
import { sealCacheExport, type CacheExport } from "./cacheExport";
import type { SnapshotDependencies } from "./snapshotDependencies";

/** The tenant's cache as an encrypted, self-describing file for a backup job to keep. */
export async function exportCache(
  deps: SnapshotDependencies,
  tenantId: string,
  log: BrokerLog,
): Promise<CacheExport> {
  const document = await readExistingCache(deps, tenantId);
  const origin = { tenantId, clientId: deps.clientId };
  const file = sealCacheExport(deps.keyRing, origin, document, new Date(deps.now()).toISOString());

  log.info("cache.exported", { tenant: tenantId, accountCount: file.accounts.length });
  return file;
}

/**
 * The tenant's cache as MSAL's plain unified cache JSON, for moving the accounts to another
 * MSAL application. It holds refresh tokens in clear, so every such export is logged.
 */
export async function exportPlainCache(
  deps: SnapshotDependencies,
  tenantId: string,
  log: BrokerLog,
): Promise<CacheDocument> {
  const document = await readExistingCache(deps, tenantId);
  // Only MSAL's own sections: the broker's refresh times mean nothing to another application.
  const plain: CacheDocument = {};
  for (const section of MSAL_SECTIONS) {
    plain[section] = document[section] ?? {};
  }

  log.warn("cache.exported_plain", {
    tenant: tenantId,
    accountCount: cacheAccounts(document).length,
  });
  return plain;
}

async function readExistingCache(
  deps: SnapshotDependencies,
  tenantId: string,
): Promise<CacheDocument> {
  const stored = await deps.tokenCaches.read(tenantId, { fresh: true });
  if (stored.etag === undefined) {
    throw new BrokerError(
      "token_cache_missing",
      `Tenant ${tenantId} has no token cache to export: nobody has signed in yet.`,
    );
  }
  return stored.document;
}
