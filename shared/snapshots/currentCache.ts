import type { CacheDocument } from "../tokenCache/cacheDocument";
import { EnvelopeUnreadableError, openTokenCache } from "../tokenCache/tokenCacheEnvelope";
import { cacheUsernames, usernamesWithoutRefreshToken } from "./cacheAccounts";
import type { CacheSnapshot } from "./snapshotMetadata";
import type { SnapshotDependencies } from "./snapshotDependencies";

/** A tenant's cache blob as read now: its content, unless it cannot be decrypted or parsed. */
export interface CurrentCache {
  document: CacheDocument | undefined;
  etag: string;
  sizeBytes: number;
}

/** Reads the tenant's cache blob; undefined when the tenant has none. */
export async function readCurrentCache(
  deps: SnapshotDependencies,
  tenantId: string,
): Promise<CurrentCache | undefined> {
  const blob = await deps.snapshots.current(tenantId);
  if (!blob) {
    return undefined;
  }
  const sizeBytes = blob.bytes.length;
  try {
    return {
      document: openTokenCache(deps.keyRing, tenantId, blob.bytes),
      etag: blob.etag,
      sizeBytes,
    };
  } catch (error) {
    if (error instanceof EnvelopeUnreadableError) {
      return { document: undefined, etag: blob.etag, sizeBytes };
    }
    throw error;
  }
}

/**
 * Snapshots the cache as it was read, if nobody wrote it since; undefined otherwise. A cache
 * that cannot be read is still snapshotted (its bytes may open again once a key is back), with
 * its accounts unknown.
 */
export function snapshotCurrentCache(
  deps: SnapshotDependencies,
  tenantId: string,
  current: CurrentCache,
  label: string,
): Promise<CacheSnapshot | undefined> {
  return deps.snapshots.create(tenantId, current.etag, {
    label,
    createdOn: new Date(deps.now()).toISOString(),
    accounts: current.document ? cacheUsernames(current.document) : [],
    sizeBytes: current.sizeBytes,
    ...(current.document
      ? { withoutRefreshToken: usernamesWithoutRefreshToken(current.document) }
      : { unreadable: true as const }),
  });
}
