import { parseKeyRing } from "../../shared/crypto/keyRing";
import { silentLog } from "../../shared/log/BrokerLog";
import { createStorageClients } from "../../shared/storage/storageClients";
import { emptyCacheDocument } from "../../shared/tokenCache/cacheDocument";
import { tokenCacheBlobName, TokenCacheStore } from "../../shared/tokenCache/TokenCacheStore";
import type { RunningHost, Stack } from "../../tools/local-stack/stack";

/** A snapshot as the API shows it. */
export interface SnapshotView {
  id: string;
  createdOn: string;
  label: string;
  accounts: string[];
  sizeBytes: number;
}

export function takeSnapshot(stack: Stack, host: RunningHost, tenant: string, label?: string) {
  return stack.api(host, `/api/tenants/${tenant}/cache/snapshots`, {
    method: "POST",
    body: label === undefined ? {} : { label },
  });
}

export async function listSnapshots(
  stack: Stack,
  host: RunningHost,
  tenant: string,
): Promise<SnapshotView[]> {
  const answer = await stack.api(host, `/api/tenants/${tenant}/cache/snapshots`);
  if (answer.status !== 200) {
    throw new Error(`listing snapshots answered ${answer.status} ${answer.text}`);
  }
  return (answer.json as { snapshots: SnapshotView[] }).snapshots;
}

export function restoreSnapshot(
  stack: Stack,
  host: RunningHost,
  tenant: string,
  body: Record<string, unknown>,
) {
  return stack.api(host, `/api/tenants/${tenant}/cache/restore`, { method: "POST", body });
}

export function importFile(
  stack: Stack,
  host: RunningHost,
  tenant: string,
  file: string,
  query = "",
) {
  return stack.api(host, `/api/tenants/${tenant}/cache/import${query}`, {
    method: "PUT",
    rawBody: file,
  });
}

/** What a careless writer leaves: the tenant's cache blob, still there, with no account in it. */
export async function emptyTokenCache(stack: Stack, tenantId: string): Promise<void> {
  const storage = createStorageClients(stack.azurite.connectionString);
  const store = new TokenCacheStore(
    storage.tokenCaches,
    parseKeyRing(stack.tokenCacheKeys, "TOKEN_CACHE_KEYS"),
  );
  await store.update(tenantId, () => emptyCacheDocument(), silentLog);
}

/** Deletes the tenant's cache blob with every snapshot of it, and its accounts table rows. */
export async function wipeTenant(stack: Stack, tenantId: string): Promise<void> {
  const storage = createStorageClients(stack.azurite.connectionString);
  const blob = storage.tokenCaches.getBlobClient(tokenCacheBlobName(tenantId));
  await blob.deleteIfExists({ deleteSnapshots: "include" });
  const rows = storage.accounts.listEntities({
    queryOptions: { filter: `PartitionKey eq '${tenantId}'` },
  });
  for await (const row of rows) {
    await storage.accounts.deleteEntity(row.partitionKey!, row.rowKey!);
  }
}

/** The raw bytes of the tenant's cache blob. */
export function cacheBlob(stack: Stack, tenantId: string) {
  const storage = createStorageClients(stack.azurite.connectionString);
  return storage.tokenCaches.getBlockBlobClient(tokenCacheBlobName(tenantId));
}

export const usernames = (accounts: Array<Record<string, unknown>>) =>
  accounts.map((account) => account.username).sort();

type Entity = Record<string, unknown>;
type Cache = Record<string, Record<string, Entity>>;

/**
 * Rewrites a plain msal-node cache the way MSAL Python (and so the Azure CLI's
 * `msal_token_cache.json`) writes one: its key strings, scopes on refresh tokens, no msal-node
 * extras, and the given `environment` (MSAL Python often signs in through `login.windows.net`).
 */
export function asMsalPythonCache(plain: Cache, environment: string, clientId?: string): Cache {
  const python: Cache = {
    Account: {},
    IdToken: {},
    AccessToken: {},
    RefreshToken: {},
    AppMetadata: {},
  };
  const lower = (...parts: unknown[]) => parts.map(String).join("-").toLowerCase();
  for (const [section, entries] of Object.entries(plain)) {
    for (const value of Object.values(entries)) {
      const entity: Entity = { ...value, environment };
      if (clientId && "client_id" in entity) entity.client_id = clientId;
      delete entity.tenantProfiles;
      delete entity.last_modification_time;
      delete entity.last_modification_app;
      const home = entity.home_account_id;
      const client = entity.client_id;
      const realm = entity.realm;
      let key: string;
      if (section === "Account") {
        entity.account_source = "urn:ietf:params:oauth:grant-type:device_code";
        key = lower(home, environment, realm);
      } else if (section === "IdToken") {
        key = lower(home, environment, "idtoken", client, realm, "");
      } else if (section === "AccessToken") {
        key = lower(home, environment, "accesstoken", client, realm, entity.target);
      } else if (section === "RefreshToken") {
        entity.target = "Group.Read.All openid profile offline_access";
        key = lower(home, environment, "refreshtoken", client, "", entity.target);
      } else if (section === "AppMetadata") {
        key = lower("appmetadata", environment, client);
      } else {
        continue;
      }
      python[section]![key] = entity;
    }
  }
  return python;
}

/** How many entries a cache holds in all. */
export function entryCount(
  cache: Cache,
  sections = ["IdToken", "AccessToken", "RefreshToken"],
): number {
  return sections.reduce((sum, section) => sum + Object.keys(cache[section] ?? {}).length, 0);
}
