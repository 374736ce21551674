import { BrokerError } from "../http/BrokerError";
import type { BrokerLog } from "../log/BrokerLog";
import {
  emptyCacheDocument,
  OBTAINED_AT_SECTION,
  type CacheDocument,
} from "../tokenCache/cacheDocument";
import { scopeSetsInCache } from "../accounts/scopeSetsInCache";
import { cacheAccounts } from "./cacheAccounts";
import { readCurrentCache, snapshotCurrentCache, type CurrentCache } from "./currentCache";
import { restoreChange, restoredCache, type RestoreMode } from "./restoreChange";
import type { CacheSnapshot } from "./snapshotMetadata";
import type { SnapshotDependencies } from "./snapshotDependencies";

/** What a restore or an import did. */
export interface RestoreReport {
  /** Usernames of the restored content's accounts, all now in the cache. */
  restoredAccounts: string[];
  /** The snapshot of the cache as it was just before; null when there was no cache. */
  safetySnapshot: string | null;
  mode: RestoreMode;
}

export const SAFETY_LABEL = "before-restore";
const MAX_SNAPSHOT_ATTEMPTS = 5;

/**
 * Puts `restored` (a cache already checked to belong to this tenant and application) into the
 * tenant's cache. First the current cache is snapshotted, so any restore can be undone. Then
 * the change is applied with TokenCacheStore.update: one conditional write of the whole blob,
 * retried on a conflict against what the other writer left. A restore interrupted part-way
 * therefore leaves the old cache or the new one, never a mix, and a login or refresh that lands
 * meanwhile is kept. Last, the accounts table follows the cache.
 */
export async function restoreCache(
  deps: SnapshotDependencies,
  tenantId: string,
  restored: CacheDocument,
  mode: RestoreMode,
  log: BrokerLog,
  source: string,
): Promise<RestoreReport> {
  const { current, safety } = await keepCurrentCache(deps, tenantId, mode);

  const base = current?.document ?? emptyCacheDocument();
  const target = restoredCache(base, restored, mode);
  // A cache that cannot be read is replaced as a whole: its ETag is still the write's condition.
  const written = await deps.tokenCaches.update(tenantId, restoreChange(base, target), log, {
    document: base,
    etag: current?.etag,
  });

  const inCache = new Set(cacheAccounts(written.document).map((a) => lower(a.homeAccountId)));
  const accounts = cacheAccounts(restored).filter((a) => inCache.has(lower(a.homeAccountId)));
  // When each account's refresh token was obtained, as the cache recorded it (0: unknown).
  const refreshTokenObtainedAt = new Map<string, number>();
  for (const [key, entity] of Object.entries(written.document.RefreshToken ?? {})) {
    const owner = lower(String((entity as { home_account_id?: unknown }).home_account_id));
    const obtainedAt = written.document[OBTAINED_AT_SECTION]?.[key];
    refreshTokenObtainedAt.set(owner, typeof obtainedAt === "number" ? obtainedAt : 0);
  }
  const hadRefreshToken = new Set(refreshTokenOwners(base));
  for (const account of accounts) {
    const obtainedAt = refreshTokenObtainedAt.get(lower(account.homeAccountId));
    await deps.accounts.recordRestored(tenantId, account, {
      hasRefreshToken: obtainedAt !== undefined,
      hadRefreshToken: hadRefreshToken.has(lower(account.homeAccountId)),
      ...(obtainedAt ? { refreshTokenObtainedAt: obtainedAt } : {}),
      scopeSets: scopeSetsInCache(written.document, account.homeAccountId),
    });
  }
  if (mode === "replace") {
    for (const row of await deps.accounts.list(tenantId)) {
      if (!inCache.has(lower(row.homeAccountId))) {
        await deps.accounts.remove(tenantId, row.homeAccountId);
      }
    }
  }

  log.info("cache.restored", {
    tenant: tenantId,
    mode,
    source,
    accountCount: accounts.length,
    safetySnapshot: safety?.id,
  });
  return {
    restoredAccounts: accounts.map((account) => account.username),
    safetySnapshot: safety?.id ?? null,
    mode,
  };
}

/** Reads the current cache and snapshots exactly what was read, re-reading if it changed. */
async function keepCurrentCache(
  deps: SnapshotDependencies,
  tenantId: string,
  mode: RestoreMode,
): Promise<{ current: CurrentCache | undefined; safety: CacheSnapshot | undefined }> {
  for (let attempt = 1; attempt <= MAX_SNAPSHOT_ATTEMPTS; attempt++) {
    const current = await readCurrentCache(deps, tenantId);
    if (!current) {
      return { current, safety: undefined };
    }
    if (!current.document && mode === "merge") {
      throw new BrokerError(
        "token_cache_unreadable",
        `The token cache of tenant ${tenantId} cannot be decrypted or parsed, so nothing can be ` +
          "merged into it. Restore with mode replace, or check TOKEN_CACHE_KEYS.",
      );
    }
    const safety = await snapshotCurrentCache(deps, tenantId, current, SAFETY_LABEL);
    if (safety) {
      return { current, safety };
    }
  }
  throw new BrokerError(
    "storage_unavailable",
    `The token cache of tenant ${tenantId} is changing too fast to snapshot; try again.`,
    { retryAfterSeconds: 1 },
  );
}

/** The home account ids (lower case) that hold a refresh token in a cache. */
function refreshTokenOwners(document: CacheDocument): string[] {
  return Object.values(document.RefreshToken ?? {}).map((entity) =>
    lower(String((entity as { home_account_id?: unknown }).home_account_id)),
  );
}

function lower(text: string): string {
  return text.toLowerCase();
}
