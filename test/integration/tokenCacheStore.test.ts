import { randomBytes, randomUUID } from "node:crypto";
import { parseKeyRing } from "../../shared/crypto/keyRing";
import { BrokerError } from "../../shared/http/BrokerError";
import { silentLog } from "../../shared/log/BrokerLog";
import { createStorageClients, type StorageClients } from "../../shared/storage/storageClients";
import { applyCacheDelta, diffCache } from "../../shared/tokenCache/cacheDelta";
import type { CacheDocument } from "../../shared/tokenCache/cacheDocument";
import { tokenCacheBlobName, TokenCacheStore } from "../../shared/tokenCache/TokenCacheStore";
import { startAzurite, type RunningAzurite } from "../../tools/local-stack/azurite";

const ring = parseKeyRing(`k1:${randomBytes(32).toString("base64")}`, "TOKEN_CACHE_KEYS");

function withAccount(document: CacheDocument, id: string): CacheDocument {
  return { ...document, Account: { ...document.Account, [id]: { home_account_id: id } } };
}

describe("token cache store on Azurite", () => {
  let azurite: RunningAzurite;
  let storage: StorageClients;
  let store: TokenCacheStore;

  beforeAll(async () => {
    azurite = await startAzurite();
    storage = createStorageClients(azurite.connectionString);
    await storage.ensureCreated();
    store = new TokenCacheStore(storage.tokenCaches, ring);
  });
  afterAll(() => azurite.stop({ removeData: true }));

  it("reads an empty cache for a tenant that has none, without creating a blob", async () => {
    const tenant = randomUUID();
    const cache = await store.read(tenant);
    expect(cache.etag).toBeUndefined();
    expect(await storage.tokenCaches.getBlobClient(tokenCacheBlobName(tenant)).exists()).toBe(
      false,
    );
  });

  it("writes a blob that holds no token text and reads it back", async () => {
    const tenant = randomUUID();
    await store.update(
      tenant,
      (d) => ({ ...d, RefreshToken: { rt: { secret: "rt-secret-text" } } }),
      silentLog,
    );

    const raw = await storage.tokenCaches
      .getBlobClient(tokenCacheBlobName(tenant))
      .downloadToBuffer();
    expect(raw.toString()).not.toContain("rt-secret-text");
    expect((await store.read(tenant)).document.RefreshToken).toEqual({
      rt: { secret: "rt-secret-text" },
    });
  });

  it("loses no account when writers that read the same version write at once", async () => {
    const tenant = randomUUID();
    await store.update(tenant, (d) => withAccount(d, "first"), silentLog);
    const stale = await store.read(tenant);

    await Promise.all(
      ["a", "b", "c", "d", "e", "f"].map((id) => {
        const delta = diffCache(stale.document, withAccount(stale.document, id));
        return store.update(tenant, (current) => applyCacheDelta(delta, current), silentLog, stale);
      }),
    );

    const accounts = Object.keys((await store.read(tenant)).document.Account!).sort();
    expect(accounts).toEqual(["a", "b", "c", "d", "e", "f", "first"]);
  });

  it("creates a new blob only once when two writers start from nothing", async () => {
    const tenant = randomUUID();
    const empty = await store.read(tenant);
    await Promise.all(
      ["x", "y"].map((id) => store.update(tenant, (d) => withAccount(d, id), silentLog, empty)),
    );
    expect(Object.keys((await store.read(tenant)).document.Account!).sort()).toEqual(["x", "y"]);
  });

  it("answers 503 for a blob it cannot open and leaves the blob untouched", async () => {
    const tenant = randomUUID();
    const blob = storage.tokenCaches.getBlockBlobClient(tokenCacheBlobName(tenant));
    await blob.upload("not an envelope", 15);
    const before = (await blob.getProperties()).etag;

    const failure = await store
      .update(tenant, (d) => withAccount(d, "a"), silentLog)
      .catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(BrokerError);
    expect((failure as BrokerError).status).toBe(503);
    expect((failure as BrokerError).detail).toContain(tenant);
    expect((await blob.getProperties()).etag).toBe(before);
  });

  it("refuses another tenant's cache copied over this tenant's blob", async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await store.update(a, (d) => withAccount(d, "a"), silentLog);
    const copied = await storage.tokenCaches
      .getBlobClient(tokenCacheBlobName(a))
      .downloadToBuffer();
    await storage.tokenCaches
      .getBlockBlobClient(tokenCacheBlobName(b))
      .upload(copied, copied.length);

    await expect(store.read(b)).rejects.toMatchObject({ code: "token_cache_unreadable" });
  });

  it("reuses what it read within the reuse time, and reads storage again when asked for fresh", async () => {
    let clock = 1_000_000;
    const reusing = new TokenCacheStore(storage.tokenCaches, ring, 2_000, () => clock);
    const tenant = randomUUID();
    await store.update(tenant, (d) => withAccount(d, "a"), silentLog);
    expect(Object.keys((await reusing.read(tenant)).document.Account!)).toEqual(["a"]);

    await store.update(tenant, (d) => withAccount(d, "b"), silentLog);
    clock += 1_000;
    expect(Object.keys((await reusing.read(tenant)).document.Account!)).toEqual(["a"]);
    expect(Object.keys((await reusing.read(tenant, { fresh: true })).document.Account!)).toEqual([
      "a",
      "b",
    ]);

    clock += 5_000;
    const unchanged = await reusing.read(tenant);
    expect(Object.keys(unchanged.document.Account!)).toEqual(["a", "b"]);
  });
});
