import type { ContainerClient } from "@azure/storage-blob";
import { BrokerError } from "../http/BrokerError";
import type { BrokerLog } from "../log/BrokerLog";
import { storageStatus } from "../storage/storageClients";
import { storageUnavailable } from "../storage/storageUnavailable";

// A lease outlives a stuck holder by at most this long; a live holder renews it well before.
const LEASE_SECONDS = 15;
const RENEW_EVERY_MS = 5_000;
const WAIT_LIMIT_MS = 45_000;

/**
 * One refresh at a time per tenant, across every instance: a blob lease on a small lock blob
 * beside the tenant's token cache. Entra may honour only the newest refresh token; two instances
 * refreshing the same account at once would each present the token the other just replaced. The
 * holder re-reads the cache after taking the lease, so it always presents the newest one.
 * The lease lapses by itself if its holder dies.
 */
export class RefreshLeases {
  constructor(
    private readonly container: ContainerClient,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly now: () => number,
  ) {}

  async hold<T>(tenantId: string, log: BrokerLog, work: () => Promise<T>): Promise<T> {
    const blob = this.container.getBlockBlobClient(`${tenantId}/refresh.lock`);
    const lease = blob.getBlobLeaseClient();
    const giveUpAt = this.now() + WAIT_LIMIT_MS;
    for (let waited = false; ;) {
      try {
        await lease.acquireLease(LEASE_SECONDS);
        break;
      } catch (error) {
        const status = storageStatus(error);
        if (status === 404) {
          await blob.upload("", 0, { conditions: { ifNoneMatch: "*" } }).catch((e: unknown) => {
            if (storageStatus(e) !== 409 && storageStatus(e) !== 412)
              throw storageUnavailable("The refresh lease", e);
          });
          continue;
        }
        if (status !== 409) {
          throw storageUnavailable("The refresh lease", error);
        }
        if (this.now() > giveUpAt) {
          throw new BrokerError(
            "storage_unavailable",
            `Tenant ${tenantId} is busy refreshing; try again.`,
            {
              retryAfterSeconds: 5,
            },
          );
        }
        if (!waited) {
          log.info("refresh_lease.waiting", { tenant: tenantId });
          waited = true;
        }
        await this.sleep(100 + Math.random() * 200);
      }
    }

    const renewal = setInterval(() => {
      lease.renewLease().catch(() => undefined);
    }, RENEW_EVERY_MS);
    try {
      return await work();
    } finally {
      clearInterval(renewal);
      await lease.releaseLease().catch(() => undefined);
    }
  }
}
