import type { BrokerLog } from "../log/BrokerLog";
import { selectSnapshotsToPrune } from "./selectSnapshotsToPrune";
import type { SnapshotDependencies } from "./snapshotDependencies";

/** What one prune run did. */
export interface PruneSummary {
  tenants: number;
  deleted: number;
  kept: number;
  failedTenants: number;
}

/**
 * One run of the retention timer over every tenant's snapshots. Only snapshots are deleted,
 * never a cache blob itself. A tenant whose deletions fail is left for the next run; the others
 * go on.
 */
export async function pruneSnapshots(
  deps: SnapshotDependencies,
  log: BrokerLog,
): Promise<PruneSummary> {
  const summary: PruneSummary = { tenants: 0, deleted: 0, kept: 0, failedTenants: 0 };
  const policy = deps.settings;

  for (const [tenantId, snapshots] of await deps.snapshots.listAll()) {
    summary.tenants++;
    const doomed = selectSnapshotsToPrune(snapshots, policy, deps.now());
    try {
      for (const snapshot of doomed) {
        await deps.snapshots.remove(tenantId, snapshot.id);
        summary.deleted++;
      }
      summary.kept += snapshots.length - doomed.length;
      if (doomed.length > 0) {
        log.info("cache.snapshots_pruned", { tenant: tenantId, deleted: doomed.length });
      }
    } catch (error) {
      summary.failedTenants++;
      log.warn("cache.prune_failed", {
        tenant: tenantId,
        cause: error instanceof Error ? error.message : String(error),
      });
    }
  }

  log.info("cache.prune_completed", { ...summary });
  return summary;
}
