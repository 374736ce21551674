import { spawnSync } from "node:child_process";
import path from "node:path";
import { ROOT, Stack, type RunningHost } from "../../tools/local-stack/stack";
import {
  CONTOSO,
  listAccounts,
  patchAccountRow,
  readTokenCache,
  requestToken,
  secretsIn,
  signIn,
} from "../support/flows";
import { createStorageClients } from "../../shared/storage/storageClients";
import { tokenCacheBlobName } from "../../shared/tokenCache/TokenCacheStore";

// Entra keeps older refresh tokens valid (lenient); the product must also cope when only the
// newest one works (strict).
const ROTATIONS = ["lenient", "strict"] as const;

const ADELE = "adele.v@contoso.onmicrosoft.com";
const MEGAN = "megan.b@contoso.onmicrosoft.com";

/** Every token request the emulator received so far, of any grant. */
async function tokenRequestsSeen(stack: Stack): Promise<number> {
  const answer = await stack.emulatorCall("/_emulator/stats");
  return (answer.json as { tokenRequests: { total: number } }).tokenRequests.total;
}

describe.each(ROTATIONS)("the refresh timer (%s refresh-token rotation)", (rotation) => {
  let stack: Stack;
  let host: RunningHost;

  beforeAll(async () => {
    // A little above MSAL's fixed 300 s renewal margin, and a refresh-ahead time above the
    // lifetime: every run refreshes, and a token call right after a run is served from the cache.
    stack = await Stack.start({
      emulator: { accessTokenLifetimeSeconds: 330, refreshTokenRotation: rotation },
    });
    host = await stack.startHost({ REFRESH_AHEAD: "400s" });
  });
  afterAll(() => stack.stop());

  it("keeps an account's access token fresh run after run, so a job's call needs no request to Entra", async () => {
    const account = await signIn(stack, host, CONTOSO.domain, ADELE, ["Group.Read.All"]);
    expect(
      (await requestToken(stack, host, CONTOSO.domain, { scopes: ["Chat.Read"], account: ADELE }))
        .status,
    ).toBe(202);

    for (let run = 0; run < 3; run++) {
      const before = await readTokenCache(stack, CONTOSO.id);
      await stack.fireTimer(host, "refreshTokens");
      const after = await readTokenCache(stack, CONTOSO.id);
      expect(secretsIn(after, "AccessToken")).not.toEqual(secretsIn(before, "AccessToken"));

      const seen = await tokenRequestsSeen(stack);
      const token = await requestToken(stack, host, CONTOSO.domain, { scopes: ["Group.Read.All"] });
      expect(token.status).toBe(200);
      expect(await tokenRequestsSeen(stack)).toBe(seen);
      expect(Date.parse((token.json as { expiresOn: string }).expiresOn)).toBeGreaterThan(
        Date.now() + 300_000,
      );
    }

    const [row] = await listAccounts(stack, host, CONTOSO.domain);
    expect(row).toMatchObject({
      homeAccountId: account.homeAccountId,
      status: "active",
      scopeSets: [{ scopes: ["Group.Read.All"] }],
    });
    expect(Date.parse(String(row!.lastRefreshAt))).toBeGreaterThan(Date.now() - 60_000);
  });

  it("uses an idle refresh token before Entra forgets it, even when no job asked", async () => {
    const megan = await signIn(stack, host, CONTOSO.domain, MEGAN, ["Group.Read.All"]);
    await stack.startHost({ REFRESH_AHEAD: "0s", KEEPALIVE_AFTER: "7d" }).then(async (quiet) => {
      const before = await readTokenCache(stack, CONTOSO.id);
      await patchAccountRow(stack, CONTOSO.id, megan.homeAccountId, {
        refreshTokenUsedAt: new Date(Date.now() - 8 * 86_400_000).toISOString(),
      });
      await stack.fireTimer(quiet, "refreshTokens");

      const after = await readTokenCache(stack, CONTOSO.id);
      const rotated = secretsIn(after, "RefreshToken").filter(
        (s) => !secretsIn(before, "RefreshToken").includes(s),
      );
      expect(rotated).toHaveLength(1);
      const rows = await listAccounts(stack, quiet, CONTOSO.domain);
      const row = rows.find((r) => r.homeAccountId === megan.homeAccountId)!;
      expect(Date.parse(String(row.refreshTokenUsedAt))).toBeGreaterThan(Date.now() - 60_000);
      await quiet.stop();
    });
  });

  it("refreshes one account on demand and answers its new state", async () => {
    const [row] = await listAccounts(stack, host, CONTOSO.domain);
    const answer = await stack.api(
      host,
      `/api/tenants/${CONTOSO.domain}/accounts/${String(row!.homeAccountId)}/refresh`,
      { method: "POST" },
    );
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ homeAccountId: row!.homeAccountId, status: "active" });
    expect(Date.parse((answer.json as { lastRefreshAt: string }).lastRefreshAt)).toBeGreaterThan(
      Date.now() - 10_000,
    );

    const unknown = await stack.api(
      host,
      `/api/tenants/${CONTOSO.domain}/accounts/nobody.nowhere/refresh`,
      {
        method: "POST",
      },
    );
    expect(unknown.status).toBe(404);
  });

  it("skips a tenant whose cache cannot be read, marks its accounts, and goes on with the others", async () => {
    await signIn(stack, host, "fabrikam.onmicrosoft.com", "adele.v@fabrikam.onmicrosoft.com");
    const storage = createStorageClients(stack.azurite.connectionString);
    await storage.tokenCaches
      .getBlockBlobClient(tokenCacheBlobName(CONTOSO.id))
      .upload("garbage", 7);

    await stack.fireTimer(host, "refreshTokens");

    const contoso = await listAccounts(stack, host, CONTOSO.domain);
    expect(
      contoso.every(
        (r) => r.status === "error" && String(r.reason).includes("cannot be decrypted"),
      ),
    ).toBe(true);
    const fabrikam = await listAccounts(stack, host, "fabrikam.onmicrosoft.com");
    expect(fabrikam).toMatchObject([{ status: "active" }]);
    expect(stack.hostOutput.join("")).toMatch(new RegExp(`refresh.tenant_failed .*${CONTOSO.id}`));
  });
});

describe("settings of the refresh timer", () => {
  it.each([
    ["REFRESH_SCHEDULE", "every five minutes"],
    ["REFRESH_AHEAD", "-5m"],
    ["KEEPALIVE_AFTER", "soon"],
    ["REFRESH_CONCURRENCY", "0"],
    ["REFRESH_TIME_BUDGET", "10m"],
  ])("stop the app at start when %s is %j, naming the setting", (name, value) => {
    const result = spawnSync(
      process.execPath,
      [path.join(ROOT, "dist/tools/functions-host/main.js"), "--app", ROOT, "--port", "0"],
      {
        env: {
          PATH: process.env.PATH,
          AzureWebJobsStorage: "UseDevelopmentStorage=true",
          ENTRA_CLIENT_ID: "11111111-2222-3333-4444-555555555555",
          TOKEN_CACHE_KEYS: "k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
          LOCAL_FUNCTION_KEY: "key",
          [name]: value,
        },
        encoding: "utf8",
        timeout: 30_000,
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`Setting ${name}`);
    expect(result.stderr).not.toContain(value);
  });
});
