import { Stack, type RunningHost } from "../../tools/local-stack/stack";
import {
  CONTOSO,
  FABRIKAM,
  listAccounts,
  readTokenCache,
  requestToken,
  secretsIn,
  signIn,
  tokenCacheEtag,
} from "../support/flows";
import {
  cacheBlob,
  emptyTokenCache,
  listSnapshots,
  restoreSnapshot,
  takeSnapshot,
  usernames,
  type SnapshotView,
} from "../support/snapshotFlows";

const ADELE = "adele.v@contoso.onmicrosoft.com";
const MEGAN = "megan.b@contoso.onmicrosoft.com";
const F_ADELE = "adele.v@fabrikam.onmicrosoft.com";
const F_MEGAN = "megan.b@fabrikam.onmicrosoft.com";
const SCOPES = ["Group.Read.All"];

describe("token cache snapshots", () => {
  let stack: Stack;
  let host: RunningHost;

  beforeAll(async () => {
    stack = await Stack.start();
    // The tests change blobs behind the host's back; it must not answer from its memory.
    host = await stack.startHost({ TOKEN_CACHE_REUSE: "0s" });
  });
  afterAll(() => stack.stop());

  const tokenFor = (tenant: string, account: string) =>
    requestToken(stack, host, tenant, { scopes: SCOPES, account });

  describe("a tenant nobody signed in to", () => {
    it.each([
      ["a snapshot", "POST", "cache/snapshots"],
      ["an export", "GET", "cache/export"],
    ])("answers 409 to %s: there is no token cache yet", async (_name, method, path) => {
      const answer = await stack.api(host, `/api/tenants/${FABRIKAM.domain}/${path}`, {
        method,
        ...(method === "POST" ? { body: {} } : {}),
      });

      expect(answer.status).toBe(409);
      expect(answer.headers["content-type"]).toBe("application/problem+json");
      expect(answer.json).toMatchObject({
        type: "urn:m365-token-broker:problem:token_cache_missing",
        detail: expect.stringContaining("nobody has signed in yet"),
      });
    });

    it("lists no snapshots", async () => {
      expect(await listSnapshots(stack, host, FABRIKAM.domain)).toEqual([]);
    });
  });

  describe("a cache that lost its accounts", () => {
    let adele: { homeAccountId: string };
    let snapshot: SnapshotView;

    beforeAll(async () => {
      adele = await signIn(stack, host, CONTOSO.domain, ADELE);
      await signIn(stack, host, CONTOSO.domain, MEGAN);
    });

    it("is snapshotted with its label, accounts and size", async () => {
      const answer = await takeSnapshot(stack, host, CONTOSO.domain, "nightly-1");

      expect(answer.status).toBe(201);
      snapshot = answer.json as SnapshotView;
      expect(snapshot).toEqual({
        id: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/),
        createdOn: expect.any(String),
        label: "nightly-1",
        accounts: [ADELE, MEGAN],
        sizeBytes: (await cacheBlob(stack, CONTOSO.id).getProperties()).contentLength,
        withoutRefreshToken: [],
      });
    });

    it("answers a retried call with the same label within a minute with the same snapshot", async () => {
      const again = await takeSnapshot(stack, host, CONTOSO.domain, "nightly-1");

      expect(again.status).toBe(200);
      expect(again.json).toEqual(snapshot);
      expect(await listSnapshots(stack, host, CONTOSO.domain)).toEqual([snapshot]);
    });

    it("needs a sign-in once its accounts are gone", async () => {
      // Azure refuses to delete a blob that has snapshots, so a lost cache is an emptied one.
      await emptyTokenCache(stack, CONTOSO.id);

      expect((await tokenFor(CONTOSO.domain, ADELE)).status).toBe(202);
    });

    it("answers tokens from the restored cache with no sign-in, and refreshes from it", async () => {
      const restored = await restoreSnapshot(stack, host, CONTOSO.domain, {
        snapshot: snapshot.id,
        mode: "replace",
      });

      expect(restored.status).toBe(200);
      expect(restored.json).toEqual({
        restoredAccounts: [ADELE, MEGAN],
        safetySnapshot: expect.any(String),
        mode: "replace",
      });
      expect((await tokenFor(CONTOSO.domain, ADELE)).status).toBe(200);
      expect((await tokenFor(CONTOSO.domain, MEGAN)).status).toBe(200);
      const before = secretsIn(await readTokenCache(stack, CONTOSO.id), "RefreshToken");
      const refreshed = await stack.api(
        host,
        `/api/tenants/${CONTOSO.domain}/accounts/${adele.homeAccountId}/refresh`,
        { method: "POST" },
      );
      expect(refreshed.status).toBe(200);
      expect(refreshed.json).toMatchObject({ status: "active" });
      const after = secretsIn(await readTokenCache(stack, CONTOSO.id), "RefreshToken");
      expect(after.filter((secret) => !before.includes(secret))).toHaveLength(1);
    });

    it("lists the restored accounts as active", async () => {
      const accounts = await listAccounts(stack, host, CONTOSO.domain);

      expect(usernames(accounts)).toEqual([ADELE, MEGAN]);
      expect(accounts.map((account) => account.status)).toEqual(["active", "active"]);
    });

    it("lists snapshots newest first, the restore's safety snapshot on top", async () => {
      const snapshots = await listSnapshots(stack, host, CONTOSO.domain);

      expect(snapshots.map((s) => s.label)).toEqual(["before-restore", "nightly-1"]);
      expect(snapshots[0]!.accounts).toEqual([]);
    });
  });

  describe("a cache that cannot be decrypted", () => {
    it("is replaced by a snapshot, and kept as it was in a safety snapshot", async () => {
      const good = (await takeSnapshot(stack, host, CONTOSO.domain, "good")).json as SnapshotView;
      const blob = cacheBlob(stack, CONTOSO.id);
      await blob.upload("{not a token cache", 18);
      expect((await tokenFor(CONTOSO.domain, ADELE)).status).toBe(503);

      const merge = await restoreSnapshot(stack, host, CONTOSO.domain, { snapshot: good.id });
      expect(merge.status).toBe(503);
      const replace = await restoreSnapshot(stack, host, CONTOSO.domain, {
        snapshot: good.id,
        mode: "replace",
      });

      expect(replace.status).toBe(200);
      expect((await tokenFor(CONTOSO.domain, ADELE)).status).toBe(200);
      const safety = (replace.json as { safetySnapshot: string }).safetySnapshot;
      expect((await listSnapshots(stack, host, CONTOSO.domain))[0]).toMatchObject({
        id: safety,
        unreadable: true,
      });
    });
  });

  describe("replace and merge", () => {
    let safety: string;

    it("leaves only the snapshot's accounts after a replace, and keeps both in a safety snapshot", async () => {
      await signIn(stack, host, FABRIKAM.domain, F_ADELE);
      const onlyAdele = (await takeSnapshot(stack, host, FABRIKAM.domain, "a"))
        .json as SnapshotView;
      await signIn(stack, host, FABRIKAM.domain, F_MEGAN);

      const replaced = await restoreSnapshot(stack, host, FABRIKAM.domain, {
        snapshot: onlyAdele.id,
        mode: "replace",
      });

      expect(replaced.json).toMatchObject({ restoredAccounts: [F_ADELE], mode: "replace" });
      expect(usernames(await listAccounts(stack, host, FABRIKAM.domain))).toEqual([F_ADELE]);
      expect((await tokenFor(FABRIKAM.domain, F_MEGAN)).status).toBe(202);
      safety = (replaced.json as { safetySnapshot: string }).safetySnapshot;
      const kept = (await listSnapshots(stack, host, FABRIKAM.domain)).find((s) => s.id === safety);
      expect(kept).toMatchObject({ label: "before-restore", accounts: [F_ADELE, F_MEGAN] });
    });

    it("brings both back with a merge of the safety snapshot", async () => {
      const merged = await restoreSnapshot(stack, host, FABRIKAM.domain, {
        snapshot: safety,
        mode: "merge",
      });

      expect(merged.json).toMatchObject({ restoredAccounts: [F_ADELE, F_MEGAN], mode: "merge" });
      expect(usernames(await listAccounts(stack, host, FABRIKAM.domain))).toEqual([
        F_ADELE,
        F_MEGAN,
      ]);
      expect((await tokenFor(FABRIKAM.domain, F_ADELE)).status).toBe(200);
      expect((await tokenFor(FABRIKAM.domain, F_MEGAN)).status).toBe(200);
    });
  });

  describe("retention", () => {
    it("deletes old snapshots but the newest of each tenant, and never the cache blob", async () => {
      for (const label of ["r1", "r2", "r3"]) {
        await takeSnapshot(stack, host, CONTOSO.domain, label);
      }
      const contosoBefore = await listSnapshots(stack, host, CONTOSO.domain);
      const fabrikamBefore = await listSnapshots(stack, host, FABRIKAM.domain);
      const etags = [
        await tokenCacheEtag(stack, CONTOSO.id),
        await tokenCacheEtag(stack, FABRIKAM.id),
      ];
      expect(contosoBefore.length).toBeGreaterThan(2);
      expect(fabrikamBefore.length).toBeGreaterThan(2);

      // A retention of zero makes every snapshot old; only the minimum is kept.
      const pruner = await stack.startHost({ SNAPSHOT_RETENTION: "0s", SNAPSHOT_KEEP_MIN: "2" });
      await stack.fireTimer(pruner, "pruneSnapshots");

      expect(await listSnapshots(stack, host, CONTOSO.domain)).toEqual(contosoBefore.slice(0, 2));
      expect(await listSnapshots(stack, host, FABRIKAM.domain)).toEqual(fabrikamBefore.slice(0, 2));
      expect([
        await tokenCacheEtag(stack, CONTOSO.id),
        await tokenCacheEtag(stack, FABRIKAM.id),
      ]).toEqual(etags);
      expect((await tokenFor(CONTOSO.domain, ADELE)).status).toBe(200);
      expect(stack.hostOutput.join("")).toMatch(/cache\.prune_completed .*"deleted":\d+/);
    });
  });
});
