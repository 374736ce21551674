import { randomBytes } from "node:crypto";
import { Stack, type RunningHost } from "../../tools/local-stack/stack";
import {
  CONTOSO,
  FABRIKAM,
  listAccounts,
  readTokenCache,
  requestToken,
  signIn,
  tokenCacheEtag,
} from "../support/flows";
import {
  asMsalPythonCache,
  cacheBlob,
  emptyTokenCache,
  entryCount,
  importFile,
  listSnapshots,
  restoreSnapshot,
  takeSnapshot,
  usernames,
  wipeTenant,
  type SnapshotView,
} from "../support/snapshotFlows";

const ADELE = "adele.v@contoso.onmicrosoft.com";
const MEGAN = "megan.b@contoso.onmicrosoft.com";
const OTHER_CLIENT = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
const EXPORT = `/api/tenants/${CONTOSO.domain}/cache/export`;

describe("token cache export and import", () => {
  let stack: Stack;
  let host: RunningHost;
  let exported: string;

  beforeAll(async () => {
    stack = await Stack.start();
    // The tests change blobs behind the host's back; it must not answer from its memory.
    host = await stack.startHost({ TOKEN_CACHE_REUSE: "0s" });
    await signIn(stack, host, CONTOSO.domain, ADELE);
    await signIn(stack, host, CONTOSO.domain, MEGAN);
    await signIn(stack, host, FABRIKAM.domain, "adele.v@fabrikam.onmicrosoft.com");
  });
  afterAll(() => stack.stop());

  const tokenFor = (account: string, on = host) =>
    requestToken(stack, on, CONTOSO.domain, { scopes: ["Group.Read.All"], account });

  it("exports the cache as a self-describing, encrypted file", async () => {
    const answer = await stack.api(host, EXPORT);

    expect(answer.status).toBe(200);
    expect(answer.headers["content-disposition"]).toMatch(/^attachment; filename="token-cache-/);
    expect(answer.json).toEqual({
      format: "m365-token-broker/token-cache-export",
      version: 1,
      tenantId: CONTOSO.id,
      clientId: stack.clientId,
      createdOn: expect.any(String),
      keyId: "k1",
      accounts: [ADELE, MEGAN],
      iv: expect.any(String),
      tag: expect.any(String),
      ciphertext: expect.any(String),
    });
    for (const secret of await stack.issuedSecrets()) {
      expect(answer.text).not.toContain(secret);
    }
    exported = answer.text;
  });

  it("brings the same accounts back with working tokens after the cache was wiped", async () => {
    await wipeTenant(stack, CONTOSO.id);
    expect((await tokenFor(ADELE)).status).toBe(202);

    const answer = await importFile(stack, host, CONTOSO.domain, exported, "?mode=replace");

    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      restoredAccounts: [ADELE, MEGAN],
      safetySnapshot: null,
      mode: "replace",
      source: "export",
      dropped: {},
    });
    expect(usernames(await listAccounts(stack, host, CONTOSO.domain))).toEqual([ADELE, MEGAN]);
    expect((await tokenFor(ADELE)).status).toBe(200);
    expect((await tokenFor(MEGAN)).status).toBe(200);
  });

  it("hands out plain MSAL JSON only when told it holds tokens in clear, and logs that it did", async () => {
    expect((await stack.api(host, `${EXPORT}?format=msal`)).status).toBe(400);

    const answer = await stack.api(host, `${EXPORT}?format=msal&confirm=plaintext-tokens`);

    expect(answer.status).toBe(200);
    expect(Object.keys(answer.json as object).sort()).toEqual([
      "AccessToken",
      "Account",
      "AppMetadata",
      "IdToken",
      "RefreshToken",
    ]);
    expect(stack.hostOutput.join("")).toMatch(
      /cache\.exported_plain \{"tenant":"[^"]+","accountCount":2/,
    );
  });

  it("imports a cache written by MSAL Python, keeping only this tenant's entries of this app", async () => {
    const plain = async (tenant: string) =>
      (
        await stack.api(
          host,
          `/api/tenants/${tenant}/cache/export?format=msal&confirm=plaintext-tokens`,
        )
      ).json as Parameters<typeof asMsalPythonCache>[0];
    const contoso = await plain(CONTOSO.domain);
    const ours = asMsalPythonCache(contoso, "login.windows.net");
    const otherTenant = asMsalPythonCache(await plain(FABRIKAM.domain), "login.windows.net");
    // The same people's tokens of another app (the Azure CLI's), without their accounts again.
    const otherClient = asMsalPythonCache(contoso, "login.microsoftonline.com", OTHER_CLIENT);
    delete otherClient.Account;
    const file: Record<string, Record<string, unknown>> = {};
    for (const cache of [ours, otherTenant, otherClient]) {
      for (const [section, entries] of Object.entries(cache)) {
        file[section] = { ...file[section], ...entries };
      }
    }
    await wipeTenant(stack, CONTOSO.id);

    const answer = await importFile(stack, host, CONTOSO.domain, JSON.stringify(file));

    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      restoredAccounts: [ADELE, MEGAN],
      safetySnapshot: null,
      mode: "merge",
      source: "msal",
      dropped: {
        otherTenant: entryCount(otherTenant, ["Account", "IdToken", "AccessToken", "RefreshToken"]),
        otherClient: entryCount(otherClient),
      },
    });
    const cache = await readTokenCache(stack, CONTOSO.id);
    const environment = new URL(stack.emulator.url).host;
    expect(Object.keys(cache.RefreshToken!).sort()).toEqual(
      Object.keys(contoso.RefreshToken!).sort(),
    );
    expect(Object.keys(cache.RefreshToken!).every((key) => key.includes(`-${environment}-`))).toBe(
      true,
    );
    expect((await tokenFor(ADELE)).status).toBe(200);
    expect((await tokenFor(MEGAN)).status).toBe(200);
  });

  describe("after the key ring was rotated", () => {
    const newKey = `k2:${randomBytes(32).toString("base64")}`;
    let oldSnapshot: SnapshotView;
    let oldExport: string;
    let rotated: RunningHost;
    let newOnly: RunningHost;

    beforeAll(async () => {
      oldSnapshot = (await takeSnapshot(stack, host, CONTOSO.domain, "k1-era"))
        .json as SnapshotView;
      oldExport = (await stack.api(host, EXPORT)).text;
      rotated = await stack.startHost({
        TOKEN_CACHE_KEYS: `${newKey},${stack.tokenCacheKeys}`,
        TOKEN_CACHE_REUSE: "0s",
      });
      newOnly = await stack.startHost({ TOKEN_CACHE_KEYS: newKey, TOKEN_CACHE_REUSE: "0s" });
    });

    it("restores a snapshot sealed with the old key and writes it back under the new one", async () => {
      await emptyTokenCache(stack, CONTOSO.id);

      const answer = await restoreSnapshot(stack, rotated, CONTOSO.domain, {
        snapshot: oldSnapshot.id,
        mode: "replace",
      });

      expect(answer.status).toBe(200);
      const envelope = JSON.parse(
        (await cacheBlob(stack, CONTOSO.id).downloadToBuffer()).toString(),
      );
      expect(envelope.keyId).toBe("k2");
      expect((await tokenFor(ADELE, rotated)).status).toBe(200);
    });

    it("imports an export sealed with the old key", async () => {
      const answer = await importFile(stack, rotated, CONTOSO.domain, oldExport, "?mode=merge");

      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ restoredAccounts: [ADELE, MEGAN], source: "export" });
    });

    it.each([
      [
        "a restore of the old snapshot",
        () =>
          restoreSnapshot(stack, newOnly, CONTOSO.domain, {
            snapshot: oldSnapshot.id,
            mode: "replace",
          }),
      ],
      ["an import of the old export", () => importFile(stack, newOnly, CONTOSO.domain, oldExport)],
    ])(
      "refuses %s once the old key left the ring, naming it, and changes nothing",
      async (_name, call) => {
        const etag = await tokenCacheEtag(stack, CONTOSO.id);
        const snapshots = await listSnapshots(stack, host, CONTOSO.domain);

        const answer = await call();

        expect(answer.status).toBe(422);
        expect(answer.headers["content-type"]).toBe("application/problem+json");
        expect(answer.json).toMatchObject({
          type: "urn:m365-token-broker:problem:backup_key_unknown",
          detail: expect.stringContaining('key "k1"'),
        });
        expect(await tokenCacheEtag(stack, CONTOSO.id)).toBe(etag);
        expect(await listSnapshots(stack, host, CONTOSO.domain)).toEqual(snapshots);
      },
    );
  });

  it("never writes an issued secret to the logs", async () => {
    const logs = stack.hostOutput.join("");
    for (const secret of await stack.issuedSecrets()) {
      expect(logs).not.toContain(secret);
    }
  });
});
