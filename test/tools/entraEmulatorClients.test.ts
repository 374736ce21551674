/**
 * Real clients against the emulator over real TLS: unmodified @azure/msal-node through its
 * network seam (trusting only the local CA), and a child Node process whose default `fetch`
 * trusts the emulator through NODE_EXTRA_CA_CERTS.
 */
import { PublicClientApplication, type AuthenticationResult } from "@azure/msal-node";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { findTenant, loadDefaultDirectory } from "../../tools/entra-emulator/directory";
import { startEntraEmulator, type RunningEmulator } from "../../tools/entra-emulator/emulator";
import { ensureLocalCertificates, type LocalCertificates } from "../../tools/localCa";
import { EmulatorClient, emulatorNetworkClient, jwtClaims } from "./entraEmulatorKit";

const execFileAsync = promisify(execFile);
const contoso = findTenant(loadDefaultDirectory(), "contoso.onmicrosoft.com")!;
const username = "backup.operator@contoso.onmicrosoft.com";
const clientId = "9b3f1c2a-6d4e-4f70-8a1b-2c3d4e5f6071";
const scopes = ["https://graph.microsoft.com/Calendars.Read"];

let certsDir: string;
let certificates: LocalCertificates;
let ca: string;
let emulator: RunningEmulator;
let client: EmulatorClient;

beforeAll(async () => {
  certsDir = await mkdtemp(path.join(tmpdir(), "entra-emulator-clients-"));
  certificates = await ensureLocalCertificates(certsDir);
  ca = await readFile(certificates.caCertPath, "utf8");
  emulator = await startEntraEmulator({
    tls: { key: await readFile(certificates.keyPath), cert: await readFile(certificates.certPath) },
    pollingIntervalSeconds: 1,
  });
  client = new EmulatorClient(emulator.url, ca);
});

afterAll(async () => {
  await emulator.close();
  await rm(certsDir, { recursive: true, force: true });
});

function newApplication(): PublicClientApplication {
  return new PublicClientApplication({
    auth: {
      clientId,
      authority: `${emulator.url}/contoso.onmicrosoft.com`,
      knownAuthorities: [`127.0.0.1:${emulator.port}`],
    },
    system: { networkClient: emulatorNetworkClient(emulator.url, ca) },
  });
}

/** Approves the device code once MSAL has polled at least once and been told to wait. */
async function approveAfterFirstPoll(userCode: string): Promise<void> {
  for (;;) {
    const state = (await client.get(`/_emulator/devicecodes/${userCode}`)).json;
    if (state.tokenRequests.length > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const approval = await client.postJson("/_emulator/devicelogin", {
    userCode,
    username,
    action: "approve",
  });
  if (approval.status !== 200) throw new Error(`approval failed: ${approval.status}`);
}

function cachedRefreshTokens(application: PublicClientApplication): string[] {
  const cache = JSON.parse(application.getTokenCache().serialize()) as {
    RefreshToken: Record<string, { secret: string }>;
  };
  return Object.values(cache.RefreshToken).map((entry) => entry.secret);
}

async function newestRefreshToken(): Promise<string> {
  const query = `tenant=${contoso.tenantId}&username=${encodeURIComponent(username)}`;
  const listed = (await client.get(`/_emulator/refresh-tokens?${query}`)).json;
  return listed.refreshTokens[0].refreshToken as string;
}

describe("Entra ID emulator with real clients", () => {
  describe("unmodified msal-node", () => {
    const application = (() => {
      let instance: PublicClientApplication | undefined;
      return () => (instance ??= newApplication());
    })();
    let login: AuthenticationResult;
    let userCode = "";

    it("signs in with the device code flow, polling no faster than the interval", async () => {
      let approval: Promise<void> = Promise.resolve();
      login = (await application().acquireTokenByDeviceCode({
        scopes,
        deviceCodeCallback: (response) => {
          userCode = response.userCode;
          approval = approveAfterFirstPoll(response.userCode);
        },
      }))!;
      await approval;

      expect(login.account?.username).toBe(username);
      expect(login.tenantId).toBe(contoso.tenantId);
      expect(jwtClaims(login.accessToken)).toMatchObject({
        scp: "Calendars.Read",
        appid: clientId,
      });

      const state = (await client.get(`/_emulator/devicecodes/${userCode}`)).json;
      const times = (state.tokenRequests as string[]).map((iso) => Date.parse(iso));
      expect(state.status).toBe("redeemed");
      expect(times.length).toBeGreaterThanOrEqual(2);
      for (let i = 1; i < times.length; i++) {
        expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(state.interval * 1000);
      }
    });

    it("serves acquireTokenSilent from the cache", async () => {
      const issuedBefore = (await client.get("/_emulator/issued-secrets")).json.accessTokens.length;
      const silent = await application().acquireTokenSilent({ account: login.account!, scopes });
      const issuedAfter = (await client.get("/_emulator/issued-secrets")).json.accessTokens.length;

      expect(silent.fromCache).toBe(true);
      expect(silent.accessToken).toBe(login.accessToken);
      expect(issuedAfter).toBe(issuedBefore);
    });

    it("refreshes with forceRefresh and keeps the rotated refresh token in its cache", async () => {
      const [before] = cachedRefreshTokens(application());
      const refreshed = await application().acquireTokenSilent({
        account: login.account!,
        scopes,
        forceRefresh: true,
      });

      expect(refreshed.fromCache).toBe(false);
      expect(refreshed.accessToken).not.toBe(login.accessToken);
      const cached = cachedRefreshTokens(application());
      expect(cached).toHaveLength(1);
      expect(cached[0]).not.toBe(before);
      expect(cached[0]).toBe(await newestRefreshToken());
    });
  });

  describe("the network client of these tests", () => {
    it("refuses any origin other than the emulator", async () => {
      const network = emulatorNetworkClient(emulator.url, ca);
      await expect(network.sendGetRequestAsync("https://127.0.0.1:1/x")).rejects.toThrow(/refused/);
    });
  });

  describe("the trust bundle", () => {
    const script =
      "fetch(process.argv[1]).then((r) => r.json()).then((j) => process.stdout.write(j.issuer))" +
      ".catch((e) => { process.stderr.write(String(e.cause?.code)); process.exitCode = 2; })";

    it("lets a child process's default fetch trust the emulator", async () => {
      const url = `${emulator.url}/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration`;
      const { stdout } = await execFileAsync(process.execPath, ["-e", script, url], {
        env: { ...process.env, NODE_EXTRA_CA_CERTS: certificates.trustBundlePath },
      });
      expect(stdout).toBe(`${emulator.url}/${contoso.tenantId}/v2.0`);
    });

    it("is needed: without it the child's fetch refuses the certificate", async () => {
      const url = `${emulator.url}/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration`;
      const env: NodeJS.ProcessEnv = { ...process.env };
      delete env.NODE_EXTRA_CA_CERTS;
      const run = execFileAsync(process.execPath, ["-e", script, url], { env });
      await expect(run).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringMatching(/UNABLE_TO_VERIFY|CERT/),
      });
    });
  });
});
