import { Stack, type RunningHost } from "../../tools/local-stack/stack";
import { CONTOSO, readTokenCache, requestToken, secretsIn, signIn } from "../support/flows";
import { startAzurite } from "../../tools/local-stack/azurite";
import { startEntraEmulator } from "../../tools/entra-emulator/emulator";
import { readFileSync } from "node:fs";

const ADELE = "adele.v@contoso.onmicrosoft.com";

async function newestRefreshToken(stack: Stack): Promise<string> {
  const answer = await stack.emulatorCall(
    `/_emulator/refresh-tokens?tenant=${CONTOSO.domain}&username=${ADELE}`,
  );
  const [newest] = (answer.json as { refreshTokens: Array<{ refreshToken: string }> })
    .refreshTokens;
  return newest?.refreshToken ?? "";
}

describe("refreshing from the refresh token", () => {
  let stack: Stack;
  let host: RunningHost;

  beforeAll(async () => {
    // At most 300 s: MSAL renews any access token that close to expiry, so every call refreshes.
    stack = await Stack.start({
      emulator: { accessTokenLifetimeSeconds: 240, refreshTokenRotation: "strict" },
    });
    host = await stack.startHost();
    await signIn(stack, host, CONTOSO.domain, ADELE);
  });
  afterAll(() => stack.stop());

  it("answers with a fresh access token and keeps the rotated refresh token, with no duplicate", async () => {
    const before = await readTokenCache(stack, CONTOSO.id);

    const first = await requestToken(stack, host, CONTOSO.domain, { scopes: ["Group.Read.All"] });
    expect(first.status).toBe(200);
    const accessToken = (first.json as { accessToken: string }).accessToken;
    expect(secretsIn(before, "AccessToken")).not.toContain(accessToken);

    const after = await readTokenCache(stack, CONTOSO.id);
    expect(secretsIn(after, "RefreshToken")).toEqual([await newestRefreshToken(stack)]);
    expect(secretsIn(after, "RefreshToken")).not.toEqual(secretsIn(before, "RefreshToken"));
    expect(Object.keys(after.Account!)).toHaveLength(1);
    expect(Object.keys(after.IdToken!)).toHaveLength(1);
    expect(Object.keys(after.AccessToken!)).toHaveLength(1);

    // Strict rotation: the second refresh works only with the newest refresh token.
    const second = await requestToken(stack, host, CONTOSO.domain, { scopes: ["Group.Read.All"] });
    expect(second.status).toBe(200);
    expect(secretsIn(await readTokenCache(stack, CONTOSO.id), "RefreshToken")).toEqual([
      await newestRefreshToken(stack),
    ]);
  });
});

describe("everything restarted on the same storage", () => {
  it("still serves tokens from the blob cache with no login", async () => {
    const stack = await Stack.start();
    try {
      const host = await stack.startHost();
      await signIn(stack, host, CONTOSO.domain, ADELE);
      const before = await requestToken(stack, host, CONTOSO.domain, {
        scopes: ["Group.Read.All"],
      });
      expect(before.status).toBe(200);

      await host.stop();
      stack.hosts.length = 0;
      await stack.azurite.stop();
      const port = stack.emulator.port;
      await stack.emulator.close();
      stack.azurite = await startAzurite({ location: stack.azurite.location });
      stack.emulator = await startEntraEmulator({
        port,
        tls: { key: readFileSync(stack.certs.keyPath), cert: readFileSync(stack.certs.certPath) },
      });

      const restarted = await stack.startHost();
      const after = await requestToken(stack, restarted, CONTOSO.domain, {
        scopes: ["Group.Read.All"],
      });
      expect(after.status).toBe(200);
      expect((after.json as { accessToken: string }).accessToken).toBe(
        (before.json as { accessToken: string }).accessToken,
      );
      // The restarted emulator has issued nothing: the token came from the blob.
      expect(await stack.issuedSecrets()).toEqual([]);
    } finally {
      await stack.stop();
    }
  });
});

describe("a refresh token that Entra refuses", () => {
  let stack: Stack;
  let host: RunningHost;
  let emulatorClockShift = 0;

  beforeAll(async () => {
    stack = await Stack.start({
      emulator: {
        accessTokenLifetimeSeconds: 240,
        refreshTokenInactivitySeconds: 3600,
        now: () => Date.now() + emulatorClockShift,
      },
    });
    host = await stack.startHost();
  });
  afterAll(() => stack.stop());

  it("turns the job's request into a sign-in prompt, and signing in again makes the account active", async () => {
    const account = await signIn(stack, host, CONTOSO.domain, ADELE);
    emulatorClockShift = 2 * 3600 * 1000;

    const answer = await requestToken(stack, host, CONTOSO.domain, { scopes: ["Group.Read.All"] });
    expect(answer.status).toBe(202);
    expect(answer.json).toMatchObject({
      status: "login_required",
      reason: expect.stringContaining("unused"),
      login: { status: "pending" },
    });
    const accounts = await stack.api(host, `/api/tenants/${CONTOSO.domain}/accounts`);
    expect(accounts.json).toMatchObject({
      accounts: [
        {
          homeAccountId: account.homeAccountId,
          status: "login_required",
          reason: expect.any(String),
        },
      ],
    });

    const again = await signIn(stack, host, CONTOSO.domain, ADELE);
    expect(again.homeAccountId).toBe(account.homeAccountId);
    expect(
      (await requestToken(stack, host, CONTOSO.domain, { scopes: ["Group.Read.All"] })).status,
    ).toBe(200);
    const after = await stack.api(host, `/api/tenants/${CONTOSO.domain}/accounts`);
    expect(after.json).toMatchObject({ accounts: [{ status: "active" }] });
    expect(
      (after.json as { accounts: Array<{ reason?: string }> }).accounts[0]!.reason,
    ).toBeUndefined();
  });
});
