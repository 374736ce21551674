import type { BrokerLog } from "../log/BrokerLog";
import { openSealedCache } from "./openSealedCache";
import { restoreCache, type RestoreReport } from "./restoreCache";
import type { RestoreMode } from "./restoreChange";
import type { SnapshotDependencies } from "./snapshotDependencies";

/**
 * Restores one of the tenant's snapshots. The snapshot is opened (tenant, key and integrity
 * checked) before anything is written, so a refusal changes nothing; a snapshot sealed with an
 * older key of the ring opens, and the cache is written back under the current key.
 */
export async function restoreSnapshot(
  deps: SnapshotDependencies,
  tenantId: string,
  snapshotId: string,
  mode: RestoreMode,
  log: BrokerLog,
): Promise<RestoreReport> {
  const bytes = await deps.snapshots.read(tenantId, snapshotId);
  const document = openSealedCache(deps.keyRing, tenantId, bytes, "the snapshot");
  return restoreCache(deps, tenantId, document, mode, log, "snapshot");
}
