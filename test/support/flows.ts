import { parseKeyRing } from "../../shared/crypto/keyRing";
import { createStorageClients } from "../../shared/storage/storageClients";
import type { CacheDocument } from "../../shared/tokenCache/cacheDocument";
import { tokenCacheBlobName, TokenCacheStore } from "../../shared/tokenCache/TokenCacheStore";
import { pollUntilDone, type RunningHost, type Stack } from "../../tools/local-stack/stack";

export const CONTOSO = {
  domain: "contoso.onmicrosoft.com",
  id: "51a443f6-dad5-4be0-9878-ad25f3c6d2f7",
};
export const FABRIKAM = {
  domain: "fabrikam.onmicrosoft.com",
  id: "2348132f-8b98-4a3c-84bc-be37d364f36e",
};

/** A login as the API shows it while pending. */
export interface PendingLogin {
  id: string;
  status: string;
  userCode: string;
  verificationUri: string;
  interval: number;
}

/** Starts a login, approves it in the emulator as `username`, and polls it to its end. */
export async function signIn(
  stack: Stack,
  host: RunningHost,
  tenant: string,
  username: string,
  scopes: string[] = ["Group.Read.All"],
): Promise<{ homeAccountId: string; username: string }> {
  const started = await stack.api(host, `/api/tenants/${tenant}/logins`, {
    method: "POST",
    body: { scopes },
  });
  if (started.status !== 202) {
    throw new Error(`login did not start: ${started.status} ${started.text}`);
  }
  await stack.decide((started.json as PendingLogin).userCode, username, "approve");
  const done = await pollUntilDone(stack, host, started.headers.location!);
  const body = done.json as {
    status: string;
    account: { homeAccountId: string; username: string };
  };
  if (body.status !== "completed") {
    throw new Error(`login ended ${body.status}`);
  }
  return body.account;
}

/** Asks the service for a token. */
export function requestToken(
  stack: Stack,
  host: RunningHost,
  tenant: string,
  body: Record<string, unknown>,
) {
  return stack.api(host, `/api/tenants/${tenant}/token`, { method: "POST", body });
}

/** The tenant's token cache, decrypted with the suite's key, as the service stores it. */
export async function readTokenCache(stack: Stack, tenantId: string): Promise<CacheDocument> {
  const storage = createStorageClients(stack.azurite.connectionString);
  const store = new TokenCacheStore(
    storage.tokenCaches,
    parseKeyRing(stack.tokenCacheKeys, "TOKEN_CACHE_KEYS"),
  );
  return (await store.read(tenantId)).document;
}

/** The ETag of the tenant's token cache blob, or undefined when there is none. */
export async function tokenCacheEtag(stack: Stack, tenantId: string): Promise<string | undefined> {
  const storage = createStorageClients(stack.azurite.connectionString);
  const blob = storage.tokenCaches.getBlobClient(tokenCacheBlobName(tenantId));
  return (await blob.exists()) ? (await blob.getProperties()).etag : undefined;
}

/** The secrets of every entry in a section of a cache. */
export function secretsIn(document: CacheDocument, section: string): string[] {
  return Object.values(document[section] ?? {}).map(
    (entity) => (entity as { secret: string }).secret,
  );
}

/** Changes fields of an account's row in the accounts table, to stand for time gone by. */
export async function patchAccountRow(
  stack: Stack,
  tenantId: string,
  homeAccountId: string,
  fields: Record<string, string>,
): Promise<void> {
  const storage = createStorageClients(stack.azurite.connectionString);
  await storage.accounts.updateEntity(
    { partitionKey: tenantId, rowKey: homeAccountId, ...fields },
    "Merge",
  );
}

/** The accounts of a tenant as the API lists them. */
export async function listAccounts(stack: Stack, host: RunningHost, tenant: string) {
  const answer = await stack.api(host, `/api/tenants/${tenant}/accounts`);
  return (answer.json as { accounts: Array<Record<string, unknown>> }).accounts;
}
