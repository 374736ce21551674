import type { AccountStatus } from "../accounts/AccountIndex";
import { isTenantGuid } from "./tenantName";

/** What the service knows of one tenant, read from its tables alone (no token cache is opened). */
export interface TenantOverview {
  tenantId: string;
  /** The domain names callers have used for the tenant, sorted. */
  domains: string[];
  accountCount: number;
  /** Accounts whose status is not `active`: a person must sign in, or the last refresh failed. */
  attentionCount: number;
}

/** A name remembered in the tenants table. */
export interface RememberedName {
  name: string;
  tenantId: string;
}

/** The part of an account row that the overview counts. */
export interface AccountStatusRow {
  tenantId: string;
  status: AccountStatus;
}

/**
 * Summarizes the tenants table and the accounts table into one entry per tenant GUID: every
 * tenant someone named and every tenant that has accounts, ordered by first domain, then GUID.
 *
 * Known gap: each call reads every row of both tables, which is quick for the hundreds of
 * accounts a broker serves but grows with them; counters kept per tenant would make it one read.
 */
export async function summarizeTenants(
  names: AsyncIterable<RememberedName>,
  accounts: AsyncIterable<AccountStatusRow>,
): Promise<TenantOverview[]> {
  const tenants = new Map<string, TenantOverview>();
  const entry = (tenantId: string): TenantOverview => {
    const id = tenantId.toLowerCase();
    let tenant = tenants.get(id);
    if (!tenant) {
      tenant = { tenantId: id, domains: [], accountCount: 0, attentionCount: 0 };
      tenants.set(id, tenant);
    }
    return tenant;
  };

  for await (const { name, tenantId } of names) {
    // A row whose GUID is damaged names no tenant the API could open; it is left out.
    if (!isTenantGuid(tenantId)) {
      continue;
    }
    const tenant = entry(tenantId);
    if (!isTenantGuid(name) && !tenant.domains.includes(name)) {
      tenant.domains.push(name);
    }
  }
  for await (const { tenantId, status } of accounts) {
    const tenant = entry(tenantId);
    tenant.accountCount += 1;
    if (status !== "active") {
      tenant.attentionCount += 1;
    }
  }

  return [...tenants.values()]
    .map((tenant) => ({ ...tenant, domains: [...tenant.domains].sort() }))
    .sort(byFirstDomain);
}

// Tenants known by a domain come first, alphabetically; those known only by GUID follow.
function byFirstDomain(a: TenantOverview, b: TenantOverview): number {
  const named = Number(b.domains.length > 0) - Number(a.domains.length > 0);
  const left = a.domains[0] ?? a.tenantId;
  const right = b.domains[0] ?? b.tenantId;
  return named !== 0 ? named : left < right ? -1 : left > right ? 1 : 0;
}
