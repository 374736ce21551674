import { newestFirst } from "./CacheSnapshots";
import type { CacheSnapshot } from "./snapshotMetadata";

/** How long snapshots are kept, and how many are kept whatever their age. */
export interface RetentionPolicy {
  retentionSeconds: number;
  keepMin: number;
}

/**
 * The snapshots of one tenant that retention deletes: those taken more than `retentionSeconds`
 * before `now`, except the newest `keepMin`, which are kept whatever their age. Age is counted
 * from the snapshot's id, the time Azure Storage took it, which no metadata can change. A
 * retention of 0 keeps only the newest `keepMin`.
 */
export function selectSnapshotsToPrune(
  snapshots: readonly CacheSnapshot[],
  policy: RetentionPolicy,
  now: number,
): CacheSnapshot[] {
  const cutoff = now - policy.retentionSeconds * 1000;
  return [...snapshots]
    .sort(newestFirst)
    .slice(policy.keepMin)
    .filter((snapshot) => Date.parse(snapshot.id) < cutoff);
}
