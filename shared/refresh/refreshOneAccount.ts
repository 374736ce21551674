import { toSummary, type AccountSummary } from "../accounts/AccountIndex";
import { BrokerError } from "../http/BrokerError";
import { recordRetryAfter } from "../identity/retryAfterRecorder";
import type { BrokerLog } from "../log/BrokerLog";
import type { Tenant } from "../tenants/TenantDirectory";
import { TenantSession } from "../tokens/TenantSession";
import { refreshAccount } from "./refreshAccount";
import type { RefreshSweepDependencies } from "./RefreshSweep";

/**
 * The timer's refresh for one account, now, for every scope set whether due or not (admins and
 * tests ask for it). Answers the account's state afterwards.
 */
export async function refreshOneAccount(
  deps: RefreshSweepDependencies,
  tenant: Tenant,
  homeAccountId: string,
  log: BrokerLog,
): Promise<AccountSummary> {
  const record = await deps.accounts.get(tenant.tenantId, homeAccountId);
  if (!record) {
    throw new BrokerError(
      "account_not_found",
      `Tenant ${tenant.tenantId} has no account ${homeAccountId}.`,
    );
  }
  const network = recordRetryAfter(deps.transport);
  const session = new TenantSession({ ...deps, networkClient: network }, tenant, log);
  const policy = {
    aheadSeconds: deps.settings.aheadSeconds,
    keepAliveAfterSeconds: deps.settings.keepAliveAfterSeconds,
    defaultScopes: deps.defaultScopes,
    deadline: deps.now() + 20_000,
    force: true,
  };
  await refreshAccount(session, record, policy, { ...deps, network }, log);

  return toSummary((await deps.accounts.get(tenant.tenantId, homeAccountId)) ?? record);
}
