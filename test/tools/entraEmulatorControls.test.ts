/**
 * The emulator's token-lifecycle controls: what each puts on the wire, and what unmodified
 * @azure/msal-node makes of it. Every test signs in users of its own, so no control leaks from
 * one test into another; faults and the clock shift are undone after each test.
 */
import {
  InteractionRequiredAuthError,
  PublicClientApplication,
  ServerError,
  type AccountInfo,
  type AuthenticationResult,
} from "@azure/msal-node";
import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

import type { Directory } from "../../tools/entra-emulator/directory";
import { startEntraEmulator, type RunningEmulator } from "../../tools/entra-emulator/emulator";
import { ensureLocalCertificates } from "../../tools/localCa";
import {
  EmulatorClient,
  emulatorNetworkClient,
  expectEntraError,
  guid,
  jwtClaims,
  type TestResponse,
} from "./entraEmulatorKit";

const tenant = "northwind.example";
const tenantId = randomUUID();
const users = Array.from({ length: 60 }, (_, index) => ({
  oid: randomUUID(),
  username: `user${String(index + 1).padStart(2, "0")}@${tenant}`,
  displayName: `Northwind user ${index + 1}`,
}));
const directory: Directory = {
  tenants: [{ tenantId, displayName: "Northwind", domains: [tenant], users }],
};
const clientId = "3f0c9a4e-7b21-4d5c-9e8f-1a2b3c4d5e6f";
const otherClientId = "c4d5e6f7-0a1b-4c2d-8e3f-4a5b6c7d8e9f";
const calendars = "https://graph.microsoft.com/Calendars.Read";
const mail = "https://graph.microsoft.com/Mail.Read";
const offlineScopes = `${calendars} offline_access openid profile`;
const deviceCodeGrant = "urn:ietf:params:oauth:grant-type:device_code";

let certsDir: string;
let ca: string;
let emulator: RunningEmulator;
let client: EmulatorClient;
let usersTaken = 0;

beforeAll(async () => {
  certsDir = await mkdtemp(path.join(tmpdir(), "entra-emulator-controls-"));
  const certificates = await ensureLocalCertificates(certsDir);
  ca = await readFile(certificates.caCertPath, "utf8");
  emulator = await startEntraEmulator({
    tls: { key: await readFile(certificates.keyPath), cert: await readFile(certificates.certPath) },
    directory,
    pollingIntervalSeconds: 1,
  });
  client = new EmulatorClient(emulator.url, ca);
});

afterEach(async () => {
  await client.delete("/_emulator/faults");
  await client.postJson("/_emulator/clock", { reset: true });
});

afterAll(async () => {
  await emulator.close();
  await rm(certsDir, { recursive: true, force: true });
});

/** A user no other test has touched. */
function freshUser(): string {
  const user = users[usersTaken++];
  if (user === undefined) throw new Error("the test directory ran out of users");
  return user.username;
}

interface GrantOptions {
  clientId?: string;
  scope?: string;
  claims?: string;
}

async function startLogin(options: GrantOptions = {}): Promise<TestResponse> {
  const { claims } = options;
  return client.postForm(`/${tenant}/oauth2/v2.0/devicecode`, {
    client_id: options.clientId ?? clientId,
    scope: options.scope ?? offlineScopes,
    ...(claims === undefined ? {} : { claims }),
  });
}

function approve(userCode: string, username: string): Promise<TestResponse> {
  return client.postJson("/_emulator/devicelogin", { userCode, username, action: "approve" });
}

function poll(deviceCode: string, options: GrantOptions = {}): Promise<TestResponse> {
  return client.postForm(`/${tenant}/oauth2/v2.0/token`, {
    grant_type: deviceCodeGrant,
    client_id: options.clientId ?? clientId,
    device_code: deviceCode,
    client_info: "1",
  });
}

/** Signs in over the wire: device code, approval, one poll. */
async function signIn(username: string, options: GrantOptions = {}): Promise<TestResponse> {
  const login = (await startLogin(options)).json;
  await approve(login.user_code, username);
  return poll(login.device_code, options);
}

function refresh(refreshToken: string, options: GrantOptions = {}): Promise<TestResponse> {
  const { claims } = options;
  return client.postForm(`/${tenant}/oauth2/v2.0/token`, {
    grant_type: "refresh_token",
    client_id: options.clientId ?? clientId,
    refresh_token: refreshToken,
    scope: options.scope ?? offlineScopes,
    ...(claims === undefined ? {} : { claims }),
  });
}

function control(name: string, body: unknown): Promise<TestResponse> {
  return client.postJson(`/_emulator/${name}`, body);
}

async function tokenStats(): Promise<{ total: number; faulted: number }> {
  return (await client.get("/_emulator/stats")).json.tokenRequests;
}

function newApplication(): PublicClientApplication {
  return new PublicClientApplication({
    auth: {
      clientId,
      authority: `${emulator.url}/${tenant}`,
      knownAuthorities: [`127.0.0.1:${emulator.port}`],
    },
    system: { networkClient: emulatorNetworkClient(emulator.url, ca) },
  });
}

/** MSAL's device code flow, approved as soon as the code is shown. */
async function msalSignIn(
  application: PublicClientApplication,
  username: string,
  claims?: string,
): Promise<{ result: AuthenticationResult; userCode: string }> {
  let approval: Promise<unknown> = Promise.resolve();
  let userCode = "";
  const result = await application.acquireTokenByDeviceCode({
    scopes: [calendars],
    timeout: 20,
    ...(claims === undefined ? {} : { claims }),
    deviceCodeCallback: (response) => {
      userCode = response.userCode;
      approval = approve(response.userCode, username);
    },
  });
  await approval;
  if (result === null) throw new Error("MSAL returned no result");
  return { result, userCode };
}

/** A signed-in account of a new MSAL application. */
async function msalAccount(): Promise<{
  application: PublicClientApplication;
  account: AccountInfo;
}> {
  const application = newApplication();
  const username = freshUser();
  const { result } = await msalSignIn(application, username);
  return { application, account: result.account! };
}

function msalRefresh(
  application: PublicClientApplication,
  account: AccountInfo,
): Promise<AuthenticationResult> {
  return application.acquireTokenSilent({ account, scopes: [calendars], forceRefresh: true });
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

describe("Entra ID emulator test controls", () => {
  describe("revoking a user's sessions", () => {
    it("refuses every refresh token of the user, every client, with AADSTS50173", async () => {
      const username = freshUser();
      const first = (await signIn(username)).json.refresh_token;
      const other = (await signIn(username, { clientId: otherClientId })).json.refresh_token;

      const revoked = await control("users/revoke-sessions", { tenant, username });
      const answers = [await refresh(first), await refresh(other, { clientId: otherClientId })];

      expect(revoked.json).toEqual({ tenantId, username, revoked: 2 });
      for (const answer of answers) {
        expectEntraError(answer, "invalid_grant", 50173);
        expect(answer.json.suberror).toBeUndefined();
        expect(answer.json.claims).toBeUndefined();
        expect(answer.json.error_description).toContain("revoked");
      }
    });

    it("leaves other users' refresh tokens working", async () => {
      const token = (await signIn(freshUser())).json.refresh_token;
      await control("users/revoke-sessions", { tenant, username: freshUser() });

      expect((await refresh(token)).status).toBe(200);
    });

    it("lets a later sign-in work again", async () => {
      const username = freshUser();
      await signIn(username);
      await control("users/revoke-sessions", { tenant, username });

      const token = (await signIn(username)).json.refresh_token;
      expect((await refresh(token)).status).toBe(200);
    });

    it("makes msal-node throw a ServerError invalid_grant with errorNo 50173", async () => {
      const { application, account } = await msalAccount();
      await control("users/revoke-sessions", { tenant, username: account.username });

      const error = await failureOf(msalRefresh(application, account));
      expect(error).toBeInstanceOf(ServerError);
      expect(error).not.toBeInstanceOf(InteractionRequiredAuthError);
      expect(error).toMatchObject({ errorCode: "invalid_grant", errorNo: 50173, subError: "" });
    });
  });

  describe("expiring a user's refresh tokens", () => {
    it("refuses them with AADSTS700082 and lets a later sign-in work", async () => {
      const username = freshUser();
      const old = (await signIn(username)).json.refresh_token;

      const expired = await control("users/expire-refresh-tokens", { tenant, username });
      const refused = await refresh(old);
      const renewed = (await signIn(username)).json.refresh_token;

      expect(expired.json).toEqual({ tenantId, username, expired: 1 });
      expectEntraError(refused, "invalid_grant", 700082);
      expect(refused.json.suberror).toBeUndefined();
      expect((await refresh(renewed)).status).toBe(200);
    });

    it("makes msal-node throw a ServerError invalid_grant with errorNo 700082", async () => {
      const { application, account } = await msalAccount();
      await control("users/expire-refresh-tokens", { tenant, username: account.username });

      const error = await failureOf(msalRefresh(application, account));
      expect(error).toBeInstanceOf(ServerError);
      expect(error).toMatchObject({ errorCode: "invalid_grant", errorNo: 700082 });
    });
  });

  describe("requiring MFA", () => {
    it("refuses refresh with AADSTS50076, basic_action and the policy's claims", async () => {
      const username = freshUser();
      const token = (await signIn(username)).json.refresh_token;

      const mfa = (await control("users/require-mfa", { tenant, username })).json;
      const refused = await refresh(token);

      expect(mfa).toMatchObject({ tenantId, username, policyId: expect.stringMatching(guid) });
      expectEntraError(refused, "invalid_grant", 50076);
      expect(refused.json.suberror).toBe("basic_action");
      expect(refused.json.claims).toBe(mfa.claims);
      expect(JSON.parse(refused.json.claims)).toEqual({
        access_token: { capolids: { essential: true, values: [mfa.policyId] } },
      });
    });

    it("makes msal-node throw an InteractionRequiredAuthError carrying the claims", async () => {
      const { application, account } = await msalAccount();
      const mfa = (await control("users/require-mfa", { tenant, username: account.username })).json;

      const error = await failureOf(msalRefresh(application, account));
      expect(error).toBeInstanceOf(InteractionRequiredAuthError);
      expect(error).toMatchObject({
        errorCode: "invalid_grant",
        subError: "basic_action",
        errorNo: 50076,
        claims: mfa.claims,
      });
    });

    it("is satisfied by an msal-node device code login that sends the challenge", async () => {
      const { application, account } = await msalAccount();
      await control("users/require-mfa", { tenant, username: account.username });
      const challenge = (await failureOf(msalRefresh(application, account))) as {
        claims: string;
      };

      const again = await msalSignIn(application, account.username, challenge.claims);
      const refreshed = await msalRefresh(application, again.result.account!);
      const login = (await client.get(`/_emulator/devicecodes/${again.userCode}`)).json;

      expect(refreshed.fromCache).toBe(false);
      expect(JSON.parse(login.claims)).toMatchObject(JSON.parse(challenge.claims));
    });

    it("stays in force for tokens of a login without the claims", async () => {
      const username = freshUser();
      const mfa = (await control("users/require-mfa", { tenant, username })).json;
      const answered = (await signIn(username, { claims: mfa.claims })).json.refresh_token;
      const unanswered = (await signIn(username)).json.refresh_token;

      expect((await refresh(answered)).status).toBe(200);
      expectEntraError(await refresh(unanswered), "invalid_grant", 50076);
    });

    it("is not satisfied by claims sent with the refresh request", async () => {
      const username = freshUser();
      const token = (await signIn(username)).json.refresh_token;
      const mfa = (await control("users/require-mfa", { tenant, username })).json;

      expectEntraError(await refresh(token, { claims: mfa.claims }), "invalid_grant", 50076);
    });
  });

  describe("withdrawing consent", () => {
    it("refuses refresh for the withdrawn scopes with AADSTS65001 consent_required", async () => {
      const username = freshUser();
      const scope = `${calendars} ${mail} offline_access openid`;
      const token = (await signIn(username, { scope })).json.refresh_token;

      const withdrawn = await control("users/withdraw-consent", {
        tenant,
        username,
        scopes: [mail],
      });
      const refused = await refresh(token, { scope: `${mail} offline_access openid` });
      const kept = await refresh(token, { scope: `${calendars} offline_access openid` });

      expect(withdrawn.json).toEqual({ tenantId, username, grants: 1 });
      expectEntraError(refused, "invalid_grant", 65001);
      expect(refused.json.suberror).toBe("consent_required");
      expect(refused.json.error_description).toContain(mail);
      expect(kept.status).toBe(200);
    });

    it("refuses refresh for any scope when no scopes are named", async () => {
      const username = freshUser();
      const token = (await signIn(username)).json.refresh_token;
      await control("users/withdraw-consent", { tenant, username });

      const refused = await refresh(token, { scope: "offline_access openid profile" });
      expectEntraError(refused, "invalid_grant", 65001);
      expect(refused.json.suberror).toBe("consent_required");
    });

    it("is undone by a sign-in that consents again", async () => {
      const username = freshUser();
      await signIn(username);
      await control("users/withdraw-consent", { tenant, username });

      const token = (await signIn(username)).json.refresh_token;
      expect((await refresh(token)).status).toBe(200);
    });

    it("makes msal-node throw an InteractionRequiredAuthError consent_required", async () => {
      const { application, account } = await msalAccount();
      const body = { tenant, username: account.username, scopes: [calendars] };
      await control("users/withdraw-consent", body);

      const error = await failureOf(msalRefresh(application, account));
      expect(error).toBeInstanceOf(InteractionRequiredAuthError);
      expect(error).toMatchObject({
        errorCode: "invalid_grant",
        subError: "consent_required",
        errorNo: 65001,
      });
    });
  });

  describe("user controls", () => {
    it("answer 404 to an unknown user and 400 to a body without tenant or username", async () => {
      const unknown = await control("users/revoke-sessions", { tenant, username: "nobody@x" });
      const missing = await control("users/require-mfa", { username: freshUser() });
      const badScopes = await control("users/withdraw-consent", {
        tenant,
        username: freshUser(),
        scopes: "Mail.Read",
      });

      expect(unknown.status).toBe(404);
      expect(missing.status).toBe(400);
      expect(badScopes.status).toBe(400);
    });
  });

  describe("token endpoint faults", () => {
    it("answers 429 with Retry-After and Entra's AADSTS50196 body", async () => {
      const token = (await signIn(freshUser())).json.refresh_token;
      const set = await control("faults", { status: 429, retryAfterSeconds: 7 });
      const answer = await refresh(token);

      expect(set.json).toEqual({ fault: { status: 429, retryAfterSeconds: 7 }, latencyMs: 0 });
      expect(answer.status).toBe(429);
      expect(answer.headers["retry-after"]).toBe("7");
      expect(answer.headers["cache-control"]).toBe("no-store");
      expect(answer.json).toMatchObject({
        error: "temporarily_unavailable",
        error_codes: [50196],
        trace_id: expect.stringMatching(guid),
      });
      expect(answer.json.error_description).toMatch(/^AADSTS50196: /);
    });

    it("answers 503 temporarily_unavailable, with Retry-After only when asked", async () => {
      const token = (await signIn(freshUser())).json.refresh_token;
      await control("faults", { status: 503 });
      const plain = await refresh(token);
      await control("faults", { status: 503, retryAfterSeconds: 30 });
      const withDelay = await refresh(token);

      expect(plain.status).toBe(503);
      expect(plain.headers["retry-after"]).toBeUndefined();
      expect(plain.json).toMatchObject({ error: "temporarily_unavailable", error_codes: [90033] });
      expect(plain.json.error_description).toMatch(/^AADSTS90033: /);
      expect(withDelay.headers["retry-after"]).toBe("30");
    });

    it("fault only the token endpoint, not discovery or device authorization", async () => {
      await control("faults", { status: 503 });

      const discovery = await client.get(`/${tenant}/v2.0/.well-known/openid-configuration`);
      expect(discovery.status).toBe(200);
      expect((await startLogin()).status).toBe(200);
    });

    it("stop after `count` requests", async () => {
      const token = (await signIn(freshUser())).json.refresh_token;
      await client.delete("/_emulator/stats");
      await control("faults", { status: 503, count: 2 });

      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await refresh(token)).status);

      expect(statuses).toEqual([503, 503, 200]);
      expect((await client.get("/_emulator/faults")).json.fault).toBeNull();
      expect(await tokenStats()).toMatchObject({ total: 3, faulted: 2 });
    });

    it("are cleared by DELETE", async () => {
      const token = (await signIn(freshUser())).json.refresh_token;
      await control("faults", { status: 429, retryAfterSeconds: 1, latencyMs: 10 });
      const cleared = await client.delete("/_emulator/faults");

      expect(cleared.json).toEqual({ fault: null, latencyMs: 0 });
      expect((await refresh(token)).status).toBe(200);
    });

    it("refuse an unknown status or field", async () => {
      expect((await control("faults", { status: 400 })).status).toBe(400);
      expect((await control("faults", { status: 429, colour: "red" })).status).toBe(400);
      expect((await control("faults", { count: 2 })).status).toBe(400);
      expect((await control("faults", { latencyMs: -1 })).status).toBe(400);
    });

    it("make msal-node throw on 429 and throttle the identical request locally", async () => {
      const { application, account } = await msalAccount();
      await client.delete("/_emulator/stats");
      await control("faults", { status: 429, retryAfterSeconds: 7 });

      const first = await failureOf(msalRefresh(application, account));
      await client.delete("/_emulator/faults");
      const second = await failureOf(msalRefresh(application, account));

      expect(first).toBeInstanceOf(ServerError);
      expect(first).toMatchObject({ errorCode: "temporarily_unavailable", errorNo: 50196 });
      // The throttled repeat never reaches the network; MSAL rebuilds the error from the codes.
      expect(second).toBeInstanceOf(ServerError);
      expect(second).toMatchObject({ errorCode: "50196" });
      expect(await tokenStats()).toMatchObject({ total: 1, faulted: 1 });
    });

    it("throttle msal-node in memory only: a new application with its cache refreshes", async () => {
      const { application, account } = await msalAccount();
      await control("faults", { status: 429, retryAfterSeconds: 7, count: 1 });
      await failureOf(msalRefresh(application, account));

      const fresh = newApplication();
      fresh.getTokenCache().deserialize(application.getTokenCache().serialize());
      const [restored] = await fresh.getTokenCache().getAllAccounts();

      expect((await msalRefresh(fresh, restored!)).fromCache).toBe(false);
      await expect(msalRefresh(application, account)).rejects.toBeInstanceOf(ServerError);
    });

    it("make msal-node throw on 503 and throttle without Retry-After too", async () => {
      const { application, account } = await msalAccount();
      await client.delete("/_emulator/stats");
      await control("faults", { status: 503, count: 1 });

      const first = await failureOf(msalRefresh(application, account));
      const second = await failureOf(msalRefresh(application, account));

      expect(first).toBeInstanceOf(ServerError);
      expect(first).toMatchObject({ errorCode: "temporarily_unavailable", errorNo: 90033 });
      expect(second).toMatchObject({ errorCode: "90033" });
      expect(await tokenStats()).toMatchObject({ total: 1, faulted: 1 });
    });
  });

  describe("latency", () => {
    it("delays every token endpoint answer and nothing else", async () => {
      await control("faults", { latencyMs: 250 });
      const tokenStart = performance.now();
      const answer = await refresh("not-a-refresh-token");
      const tokenMs = performance.now() - tokenStart;
      const discoveryStart = performance.now();
      await client.get(`/${tenant}/v2.0/.well-known/openid-configuration`);
      const discoveryMs = performance.now() - discoveryStart;

      expectEntraError(answer, "invalid_grant", 70000);
      expect(tokenMs).toBeGreaterThanOrEqual(245);
      expect(discoveryMs).toBeLessThan(245);
    });

    it("is removed by latencyMs 0 and leaves the fault alone", async () => {
      await control("faults", { status: 503, latencyMs: 100 });
      const state = (await control("faults", { latencyMs: 0 })).json;
      expect(state).toEqual({ fault: { status: 503 }, latencyMs: 0 });
    });
  });

  describe("stats", () => {
    it("count token requests by grant type and the faulted ones", async () => {
      await client.delete("/_emulator/stats");
      const token = (await signIn(freshUser())).json.refresh_token;
      await refresh(token);
      await control("faults", { status: 503, count: 1 });
      await refresh(token);

      expect((await client.get("/_emulator/stats")).json).toEqual({
        tokenRequests: {
          total: 3,
          byGrantType: { [deviceCodeGrant]: 1, refresh_token: 2 },
          faulted: 1,
        },
      });
    });
  });

  describe("clock", () => {
    it("expires a device code when shifted past its lifetime", async () => {
      const login = (await startLogin()).json;
      const shifted = (await control("clock", { shiftSeconds: 901 })).json;

      expect(shifted.offsetSeconds).toBe(901);
      expectEntraError(await poll(login.device_code), "expired_token", 70019);
      const state = (await client.get(`/_emulator/devicecodes/${login.user_code}`)).json;
      expect(state.status).toBe("expired");
    });

    it("makes msal-node's device code flow fail with expired_token", async () => {
      let shift: Promise<unknown> = Promise.resolve();
      const error = await failureOf(
        newApplication().acquireTokenByDeviceCode({
          scopes: [calendars],
          timeout: 20,
          deviceCodeCallback: () => {
            shift = control("clock", { shiftSeconds: 901 });
          },
        }),
      );
      await shift;

      expect(error).toMatchObject({ errorCode: "post_request_failed" });
      expect(String((error as Error).message)).toContain("expired_token");
    });

    it("adds up shifts and drops them on reset", async () => {
      await control("clock", { shiftSeconds: 60 });
      const added = (await control("clock", { shiftSeconds: 60 })).json;
      const reset = (await control("clock", { reset: true })).json;

      expect(added.offsetSeconds).toBe(120);
      expect(reset.offsetSeconds).toBe(0);
      expect((await control("clock", { shiftSeconds: "soon" })).status).toBe(400);
    });

    it("stamps tokens with the shifted time", async () => {
      await control("clock", { shiftSeconds: 3600 });
      const before = Math.floor(Date.now() / 1000) + 3600;
      const tokens = (await signIn(freshUser())).json;

      const { iat, exp } = jwtClaims(tokens.access_token) as { iat: number; exp: number };
      expect(iat).toBeGreaterThanOrEqual(before);
      expect(exp - iat).toBe(3600);
    });

    it("expires refresh tokens through inactivity when shifted", async () => {
      await control("config", { refreshTokenInactivitySeconds: 3600 });
      try {
        const token = (await signIn(freshUser())).json.refresh_token;
        await control("clock", { shiftSeconds: 3601 });
        expectEntraError(await refresh(token), "invalid_grant", 700082);
      } finally {
        await control("config", { refreshTokenInactivitySeconds: 90 * 24 * 3600 });
      }
    });
  });

  describe("current refresh tokens", () => {
    it("lists the newest refresh token of every user, valid or not", async () => {
      const [rotating, revoked] = [freshUser(), freshUser()];
      const first = (await signIn(rotating)).json.refresh_token;
      const newest = (await refresh(first)).json.refresh_token;
      const other = (await signIn(revoked)).json.refresh_token;
      await control("users/revoke-sessions", { tenant, username: revoked });

      const query = `tenant=${tenant}&clientId=${clientId}`;
      const listed = (await client.get(`/_emulator/refresh-tokens/current?${query}`)).json;
      const byUser = new Map(
        listed.refreshTokens.map((entry: { username: string }) => [entry.username, entry]),
      );

      expect(byUser.get(rotating)).toMatchObject({ refreshToken: newest, clientId, valid: true });
      expect(byUser.get(revoked)).toMatchObject({ refreshToken: other, valid: false });
    });

    it("match what msal-node caches for each of its accounts", async () => {
      const application = newApplication();
      const [one, two] = [freshUser(), freshUser()];
      const { result } = await msalSignIn(application, one);
      await msalSignIn(application, two);
      await msalRefresh(application, result.account!);

      const query = `tenant=${tenantId}&clientId=${clientId}`;
      const listed = (await client.get(`/_emulator/refresh-tokens/current?${query}`)).json;
      const current = listed.refreshTokens
        .filter((entry: { username: string }) => [one, two].includes(entry.username))
        .map((entry: { refreshToken: string }) => entry.refreshToken);
      const cache = JSON.parse(application.getTokenCache().serialize()) as {
        RefreshToken: Record<string, { secret: string }>;
      };
      const cached = Object.values(cache.RefreshToken).map((entry) => entry.secret);

      expect(current).toHaveLength(2);
      expect(cached.sort()).toEqual(current.sort());
    });

    it("answers 404 to an unknown tenant", async () => {
      const answer = await client.get("/_emulator/refresh-tokens/current?tenant=nowhere.example");
      expect(answer.status).toBe(404);
    });
  });
});
