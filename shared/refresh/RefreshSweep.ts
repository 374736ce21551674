import type { AccountIndex, AccountRecord } from "../accounts/AccountIndex";
import type { INetworkModule } from "@azure/msal-node";
import { recordRetryAfter } from "../identity/retryAfterRecorder";
import type { BrokerLog } from "../log/BrokerLog";
import type { RefreshSettings } from "../settings/settings";
import type { TenantDirectory } from "../tenants/TenantDirectory";
import { TenantSession, type TenantSessionDependencies } from "../tokens/TenantSession";
import { isDue, refreshAccount, type RefreshResult } from "./refreshAccount";

/** What one timer run did, as its summary log line says. */
export interface RefreshSummary {
  accountsSeen: number;
  refreshed: number;
  skipped: number;
  deferred: number;
  failed: number;
  failedByReason: Record<string, number>;
  retries: number;
  durationMs: number;
}

export interface RefreshSweepDependencies extends TenantSessionDependencies {
  accounts: AccountIndex;
  tenants: TenantDirectory;
  settings: RefreshSettings;
  defaultScopes: string[];
  /** The transport MSAL uses here, wrapped per tenant to read Retry-After. */
  transport: INetworkModule;
  sleep: (ms: number) => Promise<void>;
}

/**
 * One run of the refresh timer: every account that is due, oldest `lastRefreshAt` first, with at
 * most `concurrency` tenants at once and one writer per tenant cache (a tenant's accounts are
 * refreshed one after another). Nothing new starts once the time budget is spent; what did not
 * fit comes first next run.
 */
export class RefreshSweep {
  constructor(private readonly deps: RefreshSweepDependencies) {}

  async run(log: BrokerLog): Promise<RefreshSummary> {
    const { now, settings } = this.deps;
    const started = now();
    const deadline = started + settings.budgetSeconds * 1000;
    const policy = {
      aheadSeconds: settings.aheadSeconds,
      keepAliveAfterSeconds: settings.keepAliveAfterSeconds,
      defaultScopes: this.deps.defaultScopes,
      force: false,
    };

    const all: AccountRecord[] = [];
    for await (const record of this.deps.accounts.listAll()) {
      all.push(record);
    }
    const due = all
      .filter((record) => isDue(record, policy, started))
      .sort((a, b) => (a.lastRefreshAt ?? "").localeCompare(b.lastRefreshAt ?? ""));
    const byTenant = new Map<string, AccountRecord[]>();
    for (const record of due) {
      byTenant.set(record.tenantId, [...(byTenant.get(record.tenantId) ?? []), record]);
    }

    const results: RefreshResult[] = [];
    const queue = [...byTenant.values()];
    const worker = async () => {
      for (let group = queue.shift(); group; group = queue.shift()) {
        results.push(...(await this.refreshTenant(group, { ...policy, deadline }, log)));
      }
    };
    await Promise.all(Array.from({ length: settings.concurrency }, worker));

    const summary = summarize(all.length, due.length, results, now() - started);
    log.info("refresh.run_completed", {
      ...summary,
      failedByReason: JSON.stringify(summary.failedByReason),
    });
    return summary;
  }

  /** Refreshes one tenant's due accounts in one session; a tenant that fails does not stop the run. */
  private async refreshTenant(
    records: AccountRecord[],
    policy: Parameters<typeof refreshAccount>[2],
    log: BrokerLog,
  ): Promise<RefreshResult[]> {
    const tenantId = records[0]!.tenantId;
    const network = recordRetryAfter(this.deps.transport);
    const results: RefreshResult[] = [];
    try {
      const tenant = await this.deps.tenants.resolve(tenantId, log);
      const session = new TenantSession({ ...this.deps, networkClient: network }, tenant, log);
      const recordLater: Array<() => Promise<void>> = [];
      const deps = { ...this.deps, network, recordLater };
      await session.withRefreshLease(
        async () => {
          for (const record of records) {
            if (this.deps.now() >= policy.deadline) {
              break;
            }
            results.push(await refreshAccount(session, record, policy, deps, log));
          }
        },
        { batch: true },
      );
      await Promise.all(recordLater.map((recordRefresh) => recordRefresh()));
    } catch (error) {
      const reason = error instanceof Error ? error.message : "The tenant could not be refreshed.";
      log.error("refresh.tenant_failed", { tenant: tenantId, reason });
      for (const record of records.slice(results.length)) {
        await this.deps.accounts.markError(tenantId, record.homeAccountId, reason, this.deps.now());
        results.push({ outcome: "error", reason, retries: 0 });
      }
    }
    return results;
  }
}

function summarize(
  seen: number,
  due: number,
  results: RefreshResult[],
  durationMs: number,
): RefreshSummary {
  const failedByReason: Record<string, number> = {};
  for (const result of results) {
    if ("reason" in result) {
      failedByReason[result.reason] = (failedByReason[result.reason] ?? 0) + 1;
    }
  }
  const count = (outcome: RefreshResult["outcome"]) =>
    results.filter((result) => result.outcome === outcome).length;
  return {
    accountsSeen: seen,
    refreshed: count("refreshed"),
    skipped: seen - due + count("skipped"),
    deferred: due - results.length,
    failed: count("login_required") + count("error"),
    failedByReason,
    retries: results.reduce((sum, result) => sum + result.retries, 0),
    durationMs,
  };
}
