import type { INetworkModule } from "@azure/msal-node";
import { AccountIndex } from "../accounts/AccountIndex";
import { EntraClient } from "../identity/EntraClient";
import { httpsTransport } from "../identity/httpsTransport";
import { LoginTable } from "../logins/LoginTable";
import { Logins } from "../logins/Logins";
import { PendingLoginPointers } from "../logins/PendingLoginPointers";
import type { Settings } from "../settings/settings";
import { createStorageClients, type StorageClients } from "../storage/storageClients";
import { RefreshSweep, type RefreshSweepDependencies } from "../refresh/RefreshSweep";
import { CacheSnapshots } from "../snapshots/CacheSnapshots";
import type { SnapshotDependencies } from "../snapshots/snapshotDependencies";
import { TenantDirectory } from "../tenants/TenantDirectory";
import { TokenBroker } from "../tokens/TokenBroker";
import { RefreshLeases } from "../tokenCache/RefreshLeases";
import { TokenCacheStore } from "../tokenCache/TokenCacheStore";

/** Everything the functions use, wired once per process. */
export interface Services {
  storage: StorageClients;
  tenants: TenantDirectory;
  tokenCaches: TokenCacheStore;
  accounts: AccountIndex;
  logins: Logins;
  tokens: TokenBroker;
  refresh: RefreshSweepDependencies;
  refreshSweep: RefreshSweep;
  snapshots: SnapshotDependencies;
  settings: Settings;
}

export interface ServiceOverrides {
  /** Replaces the network for Entra calls, the broker's and MSAL's alike (tests only). */
  networkClient?: INetworkModule;
  now?: () => number;
}

export function createServices(settings: Settings, overrides: ServiceOverrides = {}): Services {
  const now = overrides.now ?? Date.now;
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  const storage = createStorageClients(settings.storageConnectionString);
  const entra = new EntraClient(
    settings.authorityHost,
    settings.clientId,
    overrides.networkClient ?? httpsTransport,
  );
  const tokenCaches = new TokenCacheStore(
    storage.tokenCaches,
    settings.keyRing,
    settings.tokenCacheReuseSeconds * 1000,
    now,
  );
  const leases = new RefreshLeases(storage.tokenCaches, sleep, now);
  const accounts = new AccountIndex(storage.accounts);
  const logins = new Logins({
    entra,
    table: new LoginTable(storage.logins, settings.keyRing),
    pointers: new PendingLoginPointers(storage.logins),
    tokenCaches,
    accounts,
    clientId: settings.clientId,
    environment: new URL(settings.authorityHost).host,
    now,
    sleep,
  });
  const tokens = new TokenBroker({
    tokenCaches,
    accounts,
    logins,
    authorityHost: settings.authorityHost,
    clientId: settings.clientId,
    ...(overrides.networkClient ? { networkClient: overrides.networkClient } : {}),
    leases,
    now,
  });
  const tenants = new TenantDirectory(storage.tenants, entra);
  const refresh: RefreshSweepDependencies = {
    tokenCaches,
    accounts,
    tenants,
    settings: settings.refresh,
    defaultScopes: settings.defaultScopes,
    transport: overrides.networkClient ?? httpsTransport,
    authorityHost: settings.authorityHost,
    clientId: settings.clientId,
    leases,
    now,
    sleep,
  };
  return {
    storage,
    tenants,
    tokenCaches,
    accounts,
    logins,
    tokens,
    refresh,
    refreshSweep: new RefreshSweep(refresh),
    snapshots: {
      tokenCaches,
      snapshots: new CacheSnapshots(storage.tokenCaches),
      accounts,
      keyRing: settings.keyRing,
      clientId: settings.clientId,
      environment: new URL(settings.authorityHost).host,
      settings: settings.snapshots,
      now,
    },
    settings,
  };
}
