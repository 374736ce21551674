import { TableClient } from "@azure/data-tables";
import { BlobServiceClient, type ContainerClient } from "@azure/storage-blob";

/** Table names the service owns. */
export const TABLES = { tenants: "tenants", logins: "logins", accounts: "accounts" } as const;
/** Container of the per-tenant token caches. */
export const TOKEN_CACHE_CONTAINER = "token-caches";

/** The storage clients the service needs, made once per process from one connection string. */
export interface StorageClients {
  tokenCaches: ContainerClient;
  tenants: TableClient;
  logins: TableClient;
  accounts: TableClient;
  /** Creates the container and tables if they are missing; safe to call from many instances. */
  ensureCreated(): Promise<void>;
}

export function createStorageClients(connectionString: string): StorageClients {
  // Azurite and other local endpoints speak plain http; the table SDK refuses that unless told.
  const allowInsecureConnection =
    /UseDevelopmentStorage=true|TableEndpoint=http:|DefaultEndpointsProtocol=http;/i.test(
      connectionString,
    );
  const table = (name: string) =>
    TableClient.fromConnectionString(connectionString, name, { allowInsecureConnection });
  const tokenCaches =
    BlobServiceClient.fromConnectionString(connectionString).getContainerClient(
      TOKEN_CACHE_CONTAINER,
    );
  const clients = {
    tokenCaches,
    tenants: table(TABLES.tenants),
    logins: table(TABLES.logins),
    accounts: table(TABLES.accounts),
  };

  let created: Promise<void> | undefined;
  const ensureCreated = (): Promise<void> => {
    created ??= Promise.all([
      tokenCaches.createIfNotExists(),
      clients.tenants.createTable(),
      clients.logins.createTable(),
      clients.accounts.createTable(),
    ]).then(
      () => undefined,
      (error: unknown) => {
        created = undefined;
        throw error;
      },
    );
    return created;
  };
  return { ...clients, ensureCreated };
}

/** The HTTP status of a storage error, or undefined for network failures. */
export function storageStatus(error: unknown): number | undefined {
  if (typeof error === "object" && error !== null && "statusCode" in error) {
    const status = (error as { statusCode: unknown }).statusCode;
    return typeof status === "number" ? status : undefined;
  }
  return undefined;
}
