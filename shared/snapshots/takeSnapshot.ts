import { BrokerError } from "../http/BrokerError";
import type { BrokerLog } from "../log/BrokerLog";
import { readCurrentCache, snapshotCurrentCache } from "./currentCache";
import type { CacheSnapshot } from "./snapshotMetadata";
import type { SnapshotDependencies } from "./snapshotDependencies";

/** A snapshot, and whether this call took it or found it already taken. */
export interface TakenSnapshot {
  snapshot: CacheSnapshot;
  created: boolean;
}

// A job that retries its call within this window gets the snapshot its first call took.
const SAME_LABEL_WINDOW_MS = 60_000;
const MAX_ATTEMPTS = 5;

/**
 * Snapshots a tenant's token cache, with the label and the accounts it holds in the snapshot's
 * metadata. A labelled call within a minute of another with the same label answers that
 * snapshot instead of taking a second one.
 */
export async function takeSnapshot(
  deps: SnapshotDependencies,
  tenantId: string,
  label: string | undefined,
  log: BrokerLog,
): Promise<TakenSnapshot> {
  const earlier = label === undefined ? undefined : await sameLabel(deps, tenantId, label);
  if (earlier) {
    return { snapshot: earlier, created: false };
  }

  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const current = await readCurrentCache(deps, tenantId);
    if (!current) {
      throw new BrokerError(
        "token_cache_missing",
        `Tenant ${tenantId} has no token cache to snapshot: nobody has signed in yet.`,
      );
    }
    if (!current.document) {
      throw new BrokerError(
        "token_cache_unreadable",
        `The token cache of tenant ${tenantId} cannot be decrypted or parsed, so no snapshot of ` +
          "it was taken. Restore an earlier snapshot, or check TOKEN_CACHE_KEYS.",
      );
    }
    const snapshot = await snapshotCurrentCache(deps, tenantId, current, label ?? "");
    if (!snapshot) {
      continue;
    }

    // Two retries of one call may both have got here; the earlier snapshot is the one kept.
    // Known gap: an instance that stops between taking its snapshot and deleting it as the
    // later one leaves an extra snapshot with the label; retention removes it in time.
    const first = label === undefined ? snapshot : await sameLabel(deps, tenantId, label);
    if (first && first.id !== snapshot.id) {
      await deps.snapshots.remove(tenantId, snapshot.id);
      return { snapshot: first, created: false };
    }
    log.info("cache.snapshot_taken", {
      tenant: tenantId,
      snapshot: snapshot.id,
      accountCount: snapshot.accounts.length,
    });
    return { snapshot, created: true };
  }
  throw new BrokerError(
    "storage_unavailable",
    `The token cache of tenant ${tenantId} is changing too fast to snapshot; try again.`,
    { retryAfterSeconds: 1 },
  );
}

/** The earliest snapshot with this label taken within the window, if any. */
async function sameLabel(
  deps: SnapshotDependencies,
  tenantId: string,
  label: string,
): Promise<CacheSnapshot | undefined> {
  const since = deps.now() - SAME_LABEL_WINDOW_MS;
  const matches = (await deps.snapshots.list(tenantId)).filter(
    (snapshot) => snapshot.label === label && Date.parse(snapshot.createdOn) >= since,
  );
  return matches[matches.length - 1];
}
