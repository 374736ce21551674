import { randomBytes, randomUUID } from "node:crypto";
import { AccountIndex } from "../../shared/accounts/AccountIndex";
import { parseKeyRing } from "../../shared/crypto/keyRing";
import { silentLog, type BrokerLog } from "../../shared/log/BrokerLog";
import { CacheSnapshots } from "../../shared/snapshots/CacheSnapshots";
import { restoreCache } from "../../shared/snapshots/restoreCache";
import type { SnapshotDependencies } from "../../shared/snapshots/snapshotDependencies";
import { createStorageClients, type StorageClients } from "../../shared/storage/storageClients";
import type { CacheDocument } from "../../shared/tokenCache/cacheDocument";
import {
  tokenCacheBlobName,
  TokenCacheStore,
  type StoredTokenCache,
} from "../../shared/tokenCache/TokenCacheStore";
import { startAzurite, type RunningAzurite } from "../../tools/local-stack/azurite";
import {
  CLIENT,
  combined,
  ENV,
  msalNodeAccount,
  usernamesIn,
} from "../unit/snapshots/cacheFixtures";

const ring = parseKeyRing(`k1:${randomBytes(32).toString("base64")}`, "TOKEN_CACHE_KEYS");
const REVOKED = "The session was revoked; sign in again.";

/** The token cache store, with a hook for another instance's write to land first. */
class RacedTokenCacheStore extends TokenCacheStore {
  /** Runs once, before the next update starts from what its caller read. */
  beforeNextUpdate: (() => Promise<void>) | undefined;

  override async update(
    tenantId: string,
    change: (document: CacheDocument) => CacheDocument,
    log: BrokerLog,
    start?: StoredTokenCache,
  ): Promise<StoredTokenCache> {
    const other = this.beforeNextUpdate;
    this.beforeNextUpdate = undefined;
    await other?.();
    return super.update(tenantId, change, log, start);
  }
}

describe("restoring a token cache on Azurite", () => {
  let azurite: RunningAzurite;
  let storage: StorageClients;
  let tokenCaches: RacedTokenCacheStore;
  let accounts: AccountIndex;
  let snapshots: CacheSnapshots;
  let deps: SnapshotDependencies;
  let tenant: string;

  beforeAll(async () => {
    azurite = await startAzurite();
    storage = createStorageClients(azurite.connectionString);
    await storage.ensureCreated();
    tokenCaches = new RacedTokenCacheStore(storage.tokenCaches, ring);
    accounts = new AccountIndex(storage.accounts);
    snapshots = new CacheSnapshots(storage.tokenCaches);
    deps = {
      tokenCaches,
      snapshots,
      accounts,
      keyRing: ring,
      clientId: CLIENT,
      environment: ENV,
      settings: { retentionSeconds: 0, keepMin: 1, pruneSchedule: "", importMaxBytes: 1 },
      now: Date.now,
    };
  });
  afterAll(() => azurite.stop({ removeData: true }));
  beforeEach(() => {
    tenant = randomUUID();
  });

  /** One account of this test's tenant, as msal-node caches it. */
  const user = (uid: string, withRefreshToken = true): CacheDocument => {
    const document = msalNodeAccount({ uid, tenant });
    return withRefreshToken ? document : { ...document, RefreshToken: {} };
  };
  const homeId = (uid: string) => `${uid}.${tenant}`;
  const usernames = (...uids: string[]) => uids.map((uid) => `${uid}@contoso.example`);

  /** The tenant's cache holds `document`, and the accounts table one active row per account. */
  async function signedIn(document: CacheDocument): Promise<void> {
    await tokenCaches.update(tenant, () => document, silentLog);
    for (const username of usernamesIn(document)) {
      const uid = username.split("@")[0]!;
      const account = { homeAccountId: homeId(uid), username };
      await accounts.recordSignIn(tenant, account, ["Group.Read.All"], "2030-01-01T00:00:00Z", 0);
    }
  }

  const cache = async () => (await tokenCaches.read(tenant, { fresh: true })).document;
  const restore = (document: CacheDocument, mode: "replace" | "merge") =>
    restoreCache(deps, tenant, document, mode, silentLog, "snapshot");
  const row = (uid: string) => accounts.get(tenant, homeId(uid));

  it("keeps an account that signed in between the read and the write of a replace", async () => {
    await signedIn(combined(user("adele"), user("megan")));
    tokenCaches.beforeNextUpdate = () =>
      signedIn(combined(user("adele"), user("megan"), user("lynne")));

    const report = await restore(user("adele"), "replace");

    expect(usernamesIn(await cache())).toEqual(usernames("adele", "lynne"));
    expect(report.restoredAccounts).toEqual(usernames("adele"));
    const rows = await accounts.list(tenant);
    expect(rows.map((account) => account.homeAccountId).sort()).toEqual([
      homeId("adele"),
      homeId("lynne"),
    ]);
  });

  it("snapshots the cache exactly as it was before writing, with its accounts", async () => {
    await signedIn(combined(user("adele"), user("megan")));

    const report = await restore(user("lynne"), "merge");

    const taken = await snapshots.list(tenant);
    expect(taken).toEqual([
      expect.objectContaining({
        label: "before-restore",
        accounts: usernames("adele", "megan"),
        withoutRefreshToken: [],
      }),
    ]);
    expect(report).toEqual({
      restoredAccounts: usernames("lynne"),
      safetySnapshot: taken[0]!.id,
      mode: "merge",
    });
    expect(usernamesIn(await cache())).toEqual(usernames("adele", "lynne", "megan"));
  });

  describe("a cache that cannot be decrypted", () => {
    beforeEach(async () => {
      await signedIn(user("adele"));
      await storage.tokenCaches.getBlockBlobClient(tokenCacheBlobName(tenant)).upload("garbage", 7);
    });

    it("is replaced under its own ETag, after a snapshot marked unreadable", async () => {
      await restore(user("megan"), "replace");

      expect(usernamesIn(await cache())).toEqual(usernames("megan"));
      expect(await snapshots.list(tenant)).toEqual([
        expect.objectContaining({ unreadable: true, accounts: [] }),
      ]);
    });

    it("is not merged into, and stays as it was", async () => {
      const blob = storage.tokenCaches.getBlockBlobClient(tokenCacheBlobName(tenant));
      const before = (await blob.getProperties()).etag;

      await expect(restore(user("megan"), "merge")).rejects.toMatchObject({
        code: "token_cache_unreadable",
      });
      expect((await blob.getProperties()).etag).toBe(before);
    });
  });

  it("brings an account without a refresh token back as needing a sign-in", async () => {
    await signedIn(user("adele"));

    await restore(user("lynne", false), "merge");
    await restore(user("adele"), "merge");

    expect(await row("lynne")).toMatchObject({ status: "login_required" });
    expect(await row("adele")).toMatchObject({ status: "active" });
  });

  it("records in the safety snapshot which accounts hold no refresh token", async () => {
    await signedIn(combined(user("adele"), user("megan", false)));

    await restore(user("lynne"), "merge");

    const [safety] = await snapshots.list(tenant);
    expect(safety?.withoutRefreshToken).toEqual(usernames("megan"));
  });

  it("keeps a refusal's reason only when the cache had no refresh token before either", async () => {
    await signedIn(combined(user("adele", false), user("megan")));
    await accounts.markLoginRequired(tenant, homeId("adele"), REVOKED, undefined, 0);
    await accounts.markLoginRequired(tenant, homeId("megan"), REVOKED, undefined, 0);

    await restore(combined(user("adele", false), user("megan", false)), "replace");

    expect(await row("adele")).toMatchObject({ status: "login_required", reason: REVOKED });
    expect(await row("megan")).toMatchObject({
      status: "login_required",
      reason: expect.stringMatching(/restored cache holds no refresh token/),
    });
  });
});
