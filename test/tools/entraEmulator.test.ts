import { createPublicKey, verify } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { findTenant, loadDefaultDirectory } from "../../tools/entra-emulator/directory";
import { startEntraEmulator, type RunningEmulator } from "../../tools/entra-emulator/emulator";
import { ensureLocalCertificates } from "../../tools/localCa";
import {
  EmulatorClient,
  expectEntraError,
  jwtClaims,
  ManualClock,
  type TestResponse,
} from "./entraEmulatorKit";

const directory = loadDefaultDirectory();
const contoso = findTenant(directory, "contoso.onmicrosoft.com")!;
const fabrikam = findTenant(directory, "fabrikam.onmicrosoft.com")!;
const operator = contoso.users.find((user) => user.username.startsWith("backup.operator"))!;
const clientId = "5e3ce6c0-2b1f-4285-8d4b-75ee78787346";
const otherClientId = "0c1e0b5c-52d4-4d0a-a6a8-9f6f7a3c1d2e";
const calendars = "https://graph.microsoft.com/Calendars.Read";
const offlineScopes = `${calendars} offline_access openid profile`;

let certsDir: string;
let ca: string;
let tls: { key: Buffer; cert: Buffer };
let emulator: RunningEmulator;
let client: EmulatorClient;
const clock = new ManualClock();

beforeAll(async () => {
  certsDir = await mkdtemp(path.join(tmpdir(), "entra-emulator-test-"));
  const certificates = await ensureLocalCertificates(certsDir);
  ca = await readFile(certificates.caCertPath, "utf8");
  tls = { key: await readFile(certificates.keyPath), cert: await readFile(certificates.certPath) };
  emulator = await startEntraEmulator({ tls, now: clock.now });
  client = new EmulatorClient(emulator.url, ca);
});

afterAll(async () => {
  await emulator.close();
  await rm(certsDir, { recursive: true, force: true });
});

interface LoginOptions {
  scope?: string;
  tenant?: string;
  clientId?: string;
  username?: string;
}

async function startLogin(options: LoginOptions = {}): Promise<TestResponse> {
  return client.postForm(`/${options.tenant ?? "contoso.onmicrosoft.com"}/oauth2/v2.0/devicecode`, {
    client_id: options.clientId ?? clientId,
    scope: options.scope ?? offlineScopes,
  });
}

async function poll(
  deviceCode: string,
  options: { tenant?: string; clientId?: string; grantType?: string } = {},
): Promise<TestResponse> {
  return client.postForm(`/${options.tenant ?? contoso.tenantId}/oauth2/v2.0/token`, {
    grant_type: options.grantType ?? "urn:ietf:params:oauth:grant-type:device_code",
    client_id: options.clientId ?? clientId,
    device_code: deviceCode,
    client_info: "1",
  });
}

async function decide(userCode: string, action = "approve", username = operator.username) {
  return client.postJson("/_emulator/devicelogin", { userCode, username, action });
}

async function signIn(options: LoginOptions = {}): Promise<TestResponse> {
  const login = (await startLogin(options)).json;
  await decide(login.user_code, "approve", options.username);
  return poll(login.device_code, options);
}

async function refresh(
  refreshToken: string,
  options: { scope?: string; tenant?: string; clientId?: string } = {},
): Promise<TestResponse> {
  return client.postForm(`/${options.tenant ?? contoso.tenantId}/oauth2/v2.0/token`, {
    grant_type: "refresh_token",
    client_id: options.clientId ?? clientId,
    refresh_token: refreshToken,
    scope: options.scope ?? offlineScopes,
  });
}

describe("Entra ID emulator", () => {
  describe("discovery", () => {
    it("answers the openid configuration for the tenant GUID and any verified domain", async () => {
      const tenantBase = `${emulator.url}/${contoso.tenantId}`;
      for (const segment of [contoso.tenantId, "CONTOSO.onmicrosoft.com", "contoso.com"]) {
        const response = await client.get(`/${segment}/v2.0/.well-known/openid-configuration`);
        expect(response.status).toBe(200);
        expect(response.json).toMatchObject({
          issuer: `${tenantBase}/v2.0`,
          token_endpoint: `${tenantBase}/oauth2/v2.0/token`,
          device_authorization_endpoint: `${tenantBase}/oauth2/v2.0/devicecode`,
          jwks_uri: `${tenantBase}/discovery/v2.0/keys`,
        });
        expect(response.json.authorization_endpoint).toEqual(expect.any(String));
        expect(response.json.end_session_endpoint).toEqual(expect.any(String));
        expect(response.json.tenant_region_scope).toEqual(expect.any(String));
      }
    });

    it("answers an unknown tenant with AADSTS90002 and the caller's correlation id", async () => {
      const response = await client.get("/nowhere.example/v2.0/.well-known/openid-configuration", {
        "client-request-id": "3b0f4d5e-1111-4222-8333-944455556666",
      });

      expectEntraError(response, "invalid_tenant", 90002);
      expect(response.json.error_description).toContain("Tenant 'nowhere.example' not found");
      expect(response.json.correlation_id).toBe("3b0f4d5e-1111-4222-8333-944455556666");
    });

    it("signs access tokens with the key it publishes", async () => {
      const tokens = (await signIn()).json;
      const keys = (await client.get(`/${contoso.tenantId}/discovery/v2.0/keys`)).json.keys;
      const [header, payload, signature] = tokens.access_token.split(".");
      const kid = JSON.parse(Buffer.from(header, "base64url").toString()).kid;
      const jwk = keys.find((key: { kid: string }) => key.kid === kid);

      const publicKey = createPublicKey({ key: jwk, format: "jwk" });
      const signed = Buffer.from(`${header}.${payload}`);
      expect(verify("sha256", signed, publicKey, Buffer.from(signature, "base64url"))).toBe(true);
    });

    it("answers 404 JSON for anything else", async () => {
      const response = await client.get("/nothing/here");
      expect(response.status).toBe(404);
      expect(response.headers["content-type"]).toContain("application/json");
    });
  });

  describe("device authorization", () => {
    it("hands out a device code, a typeable user code and Entra's message", async () => {
      const response = await startLogin();

      expect(response.status).toBe(200);
      const { user_code, device_code, verification_uri, message } = response.json;
      expect(user_code).toMatch(/^[A-HJKMNP-Z2-9]{8}$/);
      expect(device_code.length).toBeGreaterThan(60);
      expect(verification_uri).toBe(`${emulator.url}/devicelogin`);
      expect(response.json).toMatchObject({ expires_in: 900, interval: 5 });
      expect(message).toBe(
        `To sign in, use a web browser to open the page ${verification_uri} ` +
          `and enter the code ${user_code} to authenticate.`,
      );
    });

    it("answers a missing client_id or scope with AADSTS900144", async () => {
      const path = `/${contoso.tenantId}/oauth2/v2.0/devicecode`;
      const noClient = await client.postForm(path, { scope: offlineScopes });
      const noScope = await client.postForm(path, { client_id: clientId });

      expectEntraError(noClient, "invalid_request", 900144);
      expect(noClient.json.error_description).toContain("'client_id'");
      expectEntraError(noScope, "invalid_request", 900144);
    });

    it("refuses scopes of two resources with invalid_scope", async () => {
      const response = await startLogin({ scope: `${calendars} api://backup-api/read openid` });
      expectEntraError(response, "invalid_scope", 70011);
    });
  });

  describe("device code polling", () => {
    it("answers authorization_pending until the user acts", async () => {
      const login = (await startLogin()).json;
      expectEntraError(await poll(login.device_code), "authorization_pending", 70016);
    });

    it("answers slow_down to a poll sooner than the interval and adds 5 s to it", async () => {
      const login = (await startLogin()).json;
      await poll(login.device_code);
      clock.advanceSeconds(4);

      expectEntraError(await poll(login.device_code), "slow_down", 50196);
      const state = (await client.get(`/_emulator/devicecodes/${login.user_code}`)).json;
      expect(state.interval).toBe(10);

      clock.advanceSeconds(10);
      expectEntraError(await poll(login.device_code), "authorization_pending", 70016);
    });

    it("records the time of every token request for the device code", async () => {
      const login = (await startLogin()).json;
      const first = new Date(clock.now()).toISOString();
      await poll(login.device_code);
      clock.advanceSeconds(5);
      await poll(login.device_code);

      const state = (await client.get(`/_emulator/devicecodes/${login.user_code}`)).json;
      expect(state).toMatchObject({
        userCode: login.user_code,
        tenantId: contoso.tenantId,
        clientId,
        scopes: offlineScopes.split(" "),
        status: "pending",
        interval: 5,
      });
      expect(state.tokenRequests).toEqual([first, new Date(clock.now()).toISOString()]);
    });

    it("answers authorization_declined once the user denies", async () => {
      const login = (await startLogin()).json;
      expect((await decide(login.user_code, "deny")).json).toEqual({ status: "declined" });
      expectEntraError(await poll(login.device_code), "authorization_declined", 70000);
    });

    it("answers expired_token after the device code's lifetime", async () => {
      emulator.configure({ deviceCodeLifetimeSeconds: 60 });
      const login = (await startLogin()).json;
      emulator.configure({ deviceCodeLifetimeSeconds: 900 });
      clock.advanceSeconds(61);

      expectEntraError(await poll(login.device_code), "expired_token", 70019);
      const state = (await client.get(`/_emulator/devicecodes/${login.user_code}`)).json;
      expect(state.status).toBe("expired");
    });

    it("answers bad_verification_code to an unknown device code", async () => {
      expectEntraError(await poll("not-a-device-code"), "bad_verification_code", 70000);
    });

    it("refuses a device code presented by another client or at another tenant", async () => {
      const login = (await startLogin()).json;
      await decide(login.user_code);

      expectEntraError(
        await poll(login.device_code, { clientId: otherClientId }),
        "invalid_grant",
        70000,
      );
      clock.advanceSeconds(5);
      expectEntraError(
        await poll(login.device_code, { tenant: fabrikam.tenantId }),
        "invalid_grant",
        70000,
      );
    });

    it("answers an unknown grant type with unsupported_grant_type", async () => {
      const response = await poll("x", { grantType: "password" });
      expectEntraError(response, "unsupported_grant_type", 70003);
    });
  });

  describe("device code redemption", () => {
    it("returns Entra's token response to MSAL's short grant type", async () => {
      const login = (await startLogin()).json;
      await decide(login.user_code);
      const response = await poll(login.device_code, { grantType: "device_code" });

      expect(response.status).toBe(200);
      expect(response.headers["cache-control"]).toBe("no-store");
      expect(response.json).toMatchObject({
        token_type: "Bearer",
        scope: offlineScopes,
        expires_in: 3600,
        ext_expires_in: 3600,
      });
      expect(response.json.refresh_token).toEqual(expect.any(String));
      const clientInfo = Buffer.from(response.json.client_info, "base64url").toString();
      expect(JSON.parse(clientInfo)).toEqual({ uid: operator.oid, utid: contoso.tenantId });
    });

    it("issues access and id tokens with Entra's claims", async () => {
      const tokens = (await signIn()).json;
      const access = jwtClaims(tokens.access_token);
      const id = jwtClaims(tokens.id_token);
      const seconds = Math.floor(clock.now() / 1000);

      expect(access).toMatchObject({
        aud: "00000003-0000-0000-c000-000000000000",
        iss: `https://sts.windows.net/${contoso.tenantId}/`,
        iat: seconds,
        nbf: seconds,
        exp: seconds + 3600,
        scp: "Calendars.Read",
        tid: contoso.tenantId,
        oid: operator.oid,
        upn: operator.username,
        name: operator.displayName,
        appid: clientId,
        ver: "1.0",
      });
      expect(access.uti).toEqual(expect.any(String));
      expect(id).toMatchObject({
        aud: clientId,
        iss: `${emulator.url}/${contoso.tenantId}/v2.0`,
        oid: operator.oid,
        preferred_username: operator.username,
        tid: contoso.tenantId,
        ver: "2.0",
      });
      expect(id.sub).toEqual(expect.any(String));
    });

    it("gives the resource of api:// scopes as the audience", async () => {
      const tokens = (await signIn({ scope: "api://backup-api/Backup.Run openid" })).json;
      expect(jwtClaims(tokens.access_token)).toMatchObject({
        aud: "api://backup-api",
        scp: "Backup.Run",
      });
    });

    it("returns no refresh token without offline_access", async () => {
      const tokens = (await signIn({ scope: `${calendars} openid profile` })).json;
      expect(tokens.refresh_token).toBeUndefined();
      expect(tokens.id_token).toEqual(expect.any(String));
    });

    it("refuses to redeem a device code twice", async () => {
      const login = (await startLogin()).json;
      await decide(login.user_code);
      expect((await poll(login.device_code)).status).toBe(200);
      clock.advanceSeconds(5);

      const again = await poll(login.device_code);
      expectEntraError(again, "invalid_grant", 70000);
      expect(again.json.error_description).toContain("already been redeemed");
    });
  });

  describe("refresh tokens", () => {
    afterEach(() => {
      emulator.configure({
        refreshTokenRotation: "lenient",
        refreshTokenInactivitySeconds: 7776000,
      });
    });

    it("rotates on each use and keeps older ones working in lenient mode", async () => {
      const first = (await signIn()).json.refresh_token;
      const second = (await refresh(first)).json.refresh_token;
      const third = await refresh(first);

      expect(second).not.toBe(first);
      expect(third.status).toBe(200);
      expect(third.json.refresh_token).not.toBe(second);
    });

    it("accepts only the newest one in strict mode", async () => {
      emulator.configure({ refreshTokenRotation: "strict" });
      const first = (await signIn()).json.refresh_token;
      const second = (await refresh(first)).json.refresh_token;

      expectEntraError(await refresh(first), "invalid_grant", 70000);
      expect((await refresh(second)).status).toBe(200);
    });

    it("lists the valid refresh tokens of a user newest first", async () => {
      emulator.configure({ refreshTokenRotation: "strict" });
      const username = fabrikam.users[0]!.username;
      const first = (await signIn({ tenant: "fabrikam.com", username })).json.refresh_token;
      clock.advanceSeconds(1);
      const second = (await refresh(first, { tenant: "fabrikam.com" })).json.refresh_token;

      const query = `tenant=fabrikam.onmicrosoft.com&username=${encodeURIComponent(username)}`;
      const strict = (await client.get(`/_emulator/refresh-tokens?${query}`)).json;
      emulator.configure({ refreshTokenRotation: "lenient" });
      const lenient = (await client.get(`/_emulator/refresh-tokens?${query}`)).json;

      expect(strict.refreshTokens.map((t: { refreshToken: string }) => t.refreshToken)).toEqual([
        second,
      ]);
      expect(lenient.refreshTokens.map((t: { refreshToken: string }) => t.refreshToken)).toEqual([
        second,
        first,
      ]);
      expect(lenient.refreshTokens[0]).toMatchObject({ clientId, issuedAt: expect.any(String) });
    });

    it("answers AADSTS700082 after the inactivity timeout", async () => {
      emulator.configure({ refreshTokenInactivitySeconds: 3600 });
      const token = (await signIn()).json.refresh_token;
      clock.advanceSeconds(3601);

      expectEntraError(await refresh(token), "invalid_grant", 700082);
    });

    it("answers AADSTS65001 consent_required for scopes the user never consented to", async () => {
      const token = (await signIn()).json.refresh_token;
      const response = await refresh(token, {
        scope: "https://graph.microsoft.com/Mail.Read openid",
      });

      expectEntraError(response, "invalid_grant", 65001);
      expect(response.json.suberror).toBe("consent_required");
    });

    it("mints tokens for every resource the user consented to for that client", async () => {
      const token = (await signIn()).json.refresh_token;
      await signIn({ scope: "api://backup-api/Backup.Run offline_access openid" });

      const response = await refresh(token, {
        scope: "api://backup-api/Backup.Run offline_access",
      });
      expect(jwtClaims(response.json.access_token)).toMatchObject({ aud: "api://backup-api" });
    });

    it("refuses a refresh token presented by another client or at another tenant", async () => {
      const token = (await signIn()).json.refresh_token;

      expectEntraError(await refresh(token, { clientId: otherClientId }), "invalid_grant", 70000);
      expectEntraError(await refresh(token, { tenant: "fabrikam.com" }), "invalid_grant", 70000);
      expectEntraError(await refresh("unknown-token"), "invalid_grant", 70000);
    });

    it("lists every issued secret for log checks", async () => {
      const tokens = (await signIn()).json;
      const issued = (await client.get("/_emulator/issued-secrets")).json;

      expect(issued.accessTokens).toContain(tokens.access_token);
      expect(issued.refreshTokens).toContain(tokens.refresh_token);
      expect(issued.idTokens).toContain(tokens.id_token);
      expect(issued.deviceCodes.length).toBeGreaterThan(0);
    });
  });

  describe("sign-in pages", () => {
    it("lets a person enter the code, pick an account and consent", async () => {
      const login = (await startLogin()).json;
      const start = await client.get("/devicelogin");
      expect(start.text).toContain('<form method="post" action="/devicelogin">');
      expect(start.text).toContain('name="code"');

      const typed = `${login.user_code.slice(0, 4).toLowerCase()}-${login.user_code.slice(4)}`;
      const consent = await client.postForm("/devicelogin", { code: typed });
      expect(consent.status).toBe(200);
      expect(consent.text).toContain(calendars);
      expect(consent.text).toContain(`value="${contoso.users[1]!.username}"`);

      const username = contoso.users[1]!.username;
      const fields = { code: login.user_code, username, action: "approve" };
      const done = await client.postForm("/devicelogin/consent", fields);
      expect(done.text).toContain("You have signed in");
      expect(done.text).toContain("You may now close this window");

      const tokens = (await poll(login.device_code)).json;
      expect(jwtClaims(tokens.access_token).oid).toBe(contoso.users[1]!.oid);
    });

    it("shows the code form again for an unknown code", async () => {
      const response = await client.postForm("/devicelogin", { code: "ZZZZZZZZ" });
      expect(response.status).toBe(400);
      expect(response.text).toContain('name="code"');
    });

    it("declines the device code when the person denies", async () => {
      const login = (await startLogin()).json;
      const fields = { code: login.user_code, action: "deny" };
      const done = await client.postForm("/devicelogin/consent", fields);

      expect(done.text).toContain("You declined");
      expectEntraError(await poll(login.device_code), "authorization_declined", 70000);
    });

    it("escapes every value it writes into HTML", async () => {
      const payload = "<img src=x onerror=alert(1)>";
      const hostile = await startEntraEmulator({
        tls,
        directory: {
          tenants: [
            {
              tenantId: "6a5d4c3b-2a19-4f08-8e7d-6c5b4a392817",
              displayName: `Tenant ${payload}`,
              domains: ["hostile.example"],
              users: [
                {
                  oid: "0f1e2d3c-4b5a-4968-8776-655443322110",
                  username: `${payload}@hostile.example`,
                  displayName: payload,
                },
              ],
            },
          ],
        },
      });
      try {
        const hostileClient = new EmulatorClient(hostile.url, ca);
        const login = await hostileClient.postForm("/hostile.example/oauth2/v2.0/devicecode", {
          client_id: `"><script>alert(1)</script>`,
          scope: `${payload} openid`,
        });
        const page = await hostileClient.postForm("/devicelogin", { code: login.json.user_code });
        const fields = { code: login.json.user_code, username: `${payload}@hostile.example` };
        const done = await hostileClient.postForm("/devicelogin/consent", {
          ...fields,
          action: "approve",
        });

        for (const html of [page.text, done.text]) {
          expect(html).not.toContain("<img");
          expect(html).not.toContain("<script>");
        }
        expect(page.text).toContain("&lt;img src=x onerror=alert(1)&gt;");
        expect(done.text).toContain("You have signed in as &lt;img");
      } finally {
        await hostile.close();
      }
    });
  });

  describe("automation", () => {
    it("answers 404 to an unknown user code and 400 to a user of another tenant", async () => {
      const login = (await startLogin()).json;
      expect((await decide("NOPE2345")).status).toBe(404);
      expect((await decide(login.user_code, "approve", fabrikam.users[0]!.username)).status).toBe(
        400,
      );
    });

    it("answers 409 to a second decision", async () => {
      const login = (await startLogin()).json;
      await decide(login.user_code);
      const again = await decide(login.user_code, "deny");
      expect(again.status).toBe(409);
      expect(again.json.status).toBe("approved");
    });

    it("changes runtime settings and refuses unknown or bad ones", async () => {
      const changed = await client.postJson("/_emulator/config", { pollingIntervalSeconds: 2 });
      const bad = await client.postJson("/_emulator/config", { pollingIntervalSeconds: -1 });
      const unknown = await client.postJson("/_emulator/config", { colour: "blue" });
      await client.postJson("/_emulator/config", { pollingIntervalSeconds: 5 });

      expect(changed.status).toBe(200);
      expect(changed.json).toMatchObject({
        pollingIntervalSeconds: 2,
        refreshTokenRotation: "lenient",
      });
      expect(bad.status).toBe(400);
      expect(bad.json.error).toContain("pollingIntervalSeconds");
      expect(unknown.status).toBe(400);
    });
  });
});
