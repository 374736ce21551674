import type { TableClient } from "@azure/data-tables";
import { BrokerError } from "../http/BrokerError";
import type { BrokerLog } from "../log/BrokerLog";
import { storageStatus } from "../storage/storageClients";
import { storageUnavailable } from "../storage/storageUnavailable";
import type { EntraClient, OpenIdConfiguration } from "../identity/EntraClient";
import { isTenantGuid, parseTenantName } from "./tenantName";

/** A tenant known to Entra: its GUID and its OpenID configuration. */
export interface Tenant {
  tenantId: string;
  configuration: OpenIdConfiguration;
}

interface TenantEntity {
  partitionKey: string;
  rowKey: string;
  tenantId: string;
  configuration: string;
}

const PARTITION = "name";
const GUID_IN_ISSUER = /\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\//i;

/**
 * Resolves the `{tenant}` of a route (GUID or verified domain) to the tenant GUID, so that both
 * names reach the same token cache. Discovery answers are remembered in memory and in the
 * `tenants` table, so that any instance resolves a known name without asking Entra again.
 */
export class TenantDirectory {
  private readonly known = new Map<string, Tenant>();

  constructor(
    private readonly table: TableClient,
    private readonly entra: EntraClient,
  ) {}

  async resolve(tenantParam: string, log: BrokerLog): Promise<Tenant> {
    const name = parseTenantName(tenantParam);
    const cached = this.known.get(name) ?? (await this.readRemembered(name));
    if (cached) {
      this.known.set(name, cached);
      return cached;
    }

    const configuration = await this.entra.discoverTenant(name);
    const tenantId = GUID_IN_ISSUER.exec(`${configuration?.issuer ?? ""}/`)?.[1]?.toLowerCase();
    if (!configuration || !tenantId || (isTenantGuid(name) && name !== tenantId)) {
      throw new BrokerError("tenant_not_found", `Microsoft Entra ID knows no tenant '${name}'.`);
    }
    const tenant = { tenantId, configuration };
    await this.remember(name, tenant);
    log.info("tenant.discovered", { tenant: tenantId, name });
    this.known.set(name, tenant);
    return tenant;
  }

  /** Every name remembered in the tenants table (domains and GUIDs), with its tenant GUID. */
  async *listNames(): AsyncIterable<{ name: string; tenantId: string }> {
    const rows = this.table.listEntities<TenantEntity>({
      queryOptions: { filter: `PartitionKey eq '${PARTITION}'`, select: ["RowKey", "tenantId"] },
    });
    try {
      for await (const row of rows) {
        yield { name: row.rowKey, tenantId: row.tenantId };
      }
    } catch (error) {
      throw storageUnavailable("The tenants table", error);
    }
  }

  private async readRemembered(name: string): Promise<Tenant | undefined> {
    try {
      const entity = await this.table.getEntity<TenantEntity>(PARTITION, name);
      return {
        tenantId: entity.tenantId,
        configuration: JSON.parse(entity.configuration) as OpenIdConfiguration,
      };
    } catch (error) {
      if (storageStatus(error) === 404) {
        return undefined;
      }
      throw storageUnavailable("The tenants table", error);
    }
  }

  private async remember(name: string, tenant: Tenant): Promise<void> {
    const entity = (rowKey: string): TenantEntity => ({
      partitionKey: PARTITION,
      rowKey,
      tenantId: tenant.tenantId,
      configuration: JSON.stringify(tenant.configuration),
    });
    await Promise.all(
      [...new Set([name, tenant.tenantId])].map((rowKey) =>
        this.table.upsertEntity(entity(rowKey), "Replace"),
      ),
    );
  }
}
