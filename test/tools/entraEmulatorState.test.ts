/**
 * The emulator's state file: what one emulator saved, the next one started with the same file
 * (and the same TLS material) still knows, as Entra ID would after the broker restarts.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { findTenant, loadDefaultDirectory } from "../../tools/entra-emulator/directory";
import { startEntraEmulator, type RunningEmulator } from "../../tools/entra-emulator/emulator";
import type { RefreshTokenRotation } from "../../tools/entra-emulator/settings";
import { StateWriter } from "../../tools/entra-emulator/stateWriter";
import { ensureLocalCertificates } from "../../tools/localCa";
import { projectRoot } from "../../tools/projectRoot";
import { emulatorArguments } from "../../tools/start/emulatorArguments";
import { EmulatorClient, expectEntraError, type TestResponse } from "./entraEmulatorKit";

const execFileAsync = promisify(execFile);
const directory = loadDefaultDirectory();
const contoso = findTenant(directory, "contoso.onmicrosoft.com")!;
const [firstUser, secondUser] = contoso.users;
const clientId = "8d2f6a1c-4b3e-4f5a-9c7d-2e1f0a9b8c7d";
const offlineScopes = "https://graph.microsoft.com/Calendars.Read offline_access openid profile";

let workDir: string;
let certsDir: string;
let ca: string;
let tls: { key: Buffer; cert: Buffer };
let stateFile: string;
let emulator: RunningEmulator | undefined;
let client: EmulatorClient;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "entra-emulator-state-"));
  certsDir = path.join(workDir, "certs");
  const certificates = await ensureLocalCertificates(certsDir);
  ca = await readFile(certificates.caCertPath, "utf8");
  tls = { key: await readFile(certificates.keyPath), cert: await readFile(certificates.certPath) };
});

beforeEach(async () => {
  stateFile = path.join(await mkdtemp(path.join(workDir, "run-")), "state", "emulator.json");
});

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** Starts an emulator on the test's state file, or stops the running one and starts anew. */
async function restart(rotation: RefreshTokenRotation = "lenient"): Promise<void> {
  await emulator?.close();
  emulator = await startEntraEmulator({ tls, stateFile, refreshTokenRotation: rotation });
  client = new EmulatorClient(emulator.url, ca);
}

async function startLogin(): Promise<{ device_code: string; user_code: string }> {
  const response = await client.postForm(`/${contoso.tenantId}/oauth2/v2.0/devicecode`, {
    client_id: clientId,
    scope: offlineScopes,
  });
  return response.json;
}

async function approve(userCode: string, username = firstUser!.username): Promise<void> {
  const answer = await client.postJson("/_emulator/devicelogin", {
    userCode,
    username,
    action: "approve",
  });
  expect(answer.status).toBe(200);
}

function poll(deviceCode: string): Promise<TestResponse> {
  return client.postForm(`/${contoso.tenantId}/oauth2/v2.0/token`, {
    grant_type: "urn:ietf:params:oauth:grant-type:device_code",
    client_id: clientId,
    device_code: deviceCode,
  });
}

/** A device-code sign-in; returns its refresh token. */
async function signIn(username = firstUser!.username): Promise<string> {
  const login = await startLogin();
  await approve(login.user_code, username);
  const tokens = await poll(login.device_code);
  expect(tokens.status).toBe(200);
  return tokens.json.refresh_token;
}

function refresh(refreshToken: string): Promise<TestResponse> {
  return client.postForm(`/${contoso.tenantId}/oauth2/v2.0/token`, {
    grant_type: "refresh_token",
    client_id: clientId,
    refresh_token: refreshToken,
    scope: offlineScopes,
  });
}

function control(name: string, username: string): Promise<TestResponse> {
  return client.postJson(`/_emulator/users/${name}`, { tenant: contoso.tenantId, username });
}

describe("Entra ID emulator with a state file", () => {
  it("redeems refresh tokens issued before a restart, keeping strict rotation's order", async () => {
    await restart("strict");
    const first = await signIn();
    const second = (await refresh(first)).json.refresh_token as string;

    await restart("strict");

    expectEntraError(await refresh(first), "invalid_grant", 70000);
    const third = await refresh(second);
    expect(third.status).toBe(200);

    await restart("strict");
    expectEntraError(await refresh(second), "invalid_grant", 70000);
    expect((await refresh(third.json.refresh_token)).status).toBe(200);
  });

  it("keeps a revoked user's tokens revoked and an MFA requirement in force", async () => {
    await restart();
    const revoked = await signIn(firstUser!.username);
    const challenged = await signIn(secondUser!.username);
    expect((await control("revoke-sessions", firstUser!.username)).status).toBe(200);
    expect((await control("require-mfa", secondUser!.username)).status).toBe(200);

    await restart();

    expectEntraError(await refresh(revoked), "invalid_grant", 50173);
    expectEntraError(await refresh(challenged), "invalid_grant", 50076);
  });

  it("redeems a device code approved before the restart, and one still pending", async () => {
    await restart();
    const approved = await startLogin();
    await approve(approved.user_code);
    const pending = await startLogin();

    await restart();

    const tokens = await poll(approved.device_code);
    expect(tokens.status).toBe(200);
    expect((await refresh(tokens.json.refresh_token)).status).toBe(200);
    expectEntraError(await poll(approved.device_code), "invalid_grant", 70000);

    await approve(pending.user_code, secondUser!.username);
    expect((await poll(pending.device_code)).status).toBe(200);
  });

  it("keeps every change when many requests change the state at once", async () => {
    await restart();
    const usernames = contoso.users.flatMap((user) => Array<string>(4).fill(user.username));
    const tokens = await Promise.all(usernames.map((username) => signIn(username)));

    await restart();

    const answers = await Promise.all(tokens.map(refresh));
    expect(answers.map((answer) => answer.status)).toEqual(tokens.map(() => 200));
  });

  it("writes the file for its owner only, leaving no temporary file behind", async () => {
    await restart();
    await signIn();

    expect((await stat(stateFile)).mode & 0o777).toBe(0o600);
    expect(await readdir(path.dirname(stateFile))).toEqual([path.basename(stateFile)]);
    expect(JSON.parse(await readFile(stateFile, "utf8"))).toMatchObject({ version: 1 });
  });

  it("starts empty when the file does not exist yet", async () => {
    await restart();
    expect((await client.get("/_emulator/devicecodes/ABCDEFGH")).status).toBe(404);
  });

  it("refuses to start on a malformed file, naming the file and quoting none of it", async () => {
    await restart();
    const token = await signIn();
    await emulator?.close();
    emulator = undefined;
    const text = await readFile(stateFile, "utf8");

    await writeFile(stateFile, text.slice(0, text.indexOf(token) + 20));
    const truncated = startEntraEmulator({ tls, stateFile });
    await expect(truncated).rejects.toThrow(`the state file ${stateFile} is not valid JSON`);
    await expect(truncated).rejects.not.toThrow(token.slice(0, 20));

    const state = JSON.parse(text);
    state.grants[0].refreshTokens[0].issuedAt = token;
    await writeFile(stateFile, JSON.stringify(state));
    const mistyped = startEntraEmulator({ tls, stateFile });
    await expect(mistyped).rejects.toThrow(
      `the state file ${stateFile} is malformed: grants[0].refreshTokens[0].issuedAt must be a number`,
    );
    await expect(mistyped).rejects.not.toThrow(token);

    await writeFile(stateFile, JSON.stringify({ ...state, version: 2 }));
    await expect(startEntraEmulator({ tls, stateFile })).rejects.toThrow("version must be 1");
  });

  it("stops main.js with a message naming the file it cannot read", async () => {
    const mainJs = path.join(projectRoot, "dist/tools/entra-emulator/main.js");
    const broken = path.join(workDir, "broken.json");
    await writeFile(broken, "[");

    const run = execFileAsync(process.execPath, [
      mainJs,
      ...["--port", "0", "--certs", certsDir, "--state-file", broken],
    ]);

    await expect(run).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`the state file ${broken} is not valid JSON`),
    });
  });
});

describe("the state file's writer", () => {
  it("writes one save at a time and always ends with the latest state", async () => {
    await mkdir(path.dirname(stateFile), { recursive: true });
    let state = 0;
    let renders = 0;
    const render = (): string => {
      renders += 1;
      return String(state);
    };
    const writer = new StateWriter(stateFile, render, undefined);

    const saves: Promise<void>[] = [];
    for (let change = 1; change <= 30; change++) {
      state = change;
      saves.push(writer.save());
      // Let some writes begin between changes, so later saves find one running.
      if (change % 10 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(saves);

    expect(await readFile(stateFile, "utf8")).toBe("30");
    expect(renders).toBeLessThan(30);
  });
});

describe("npm start", () => {
  it("runs the emulator with a state file under .data, which git ignores", async () => {
    const dataDir = path.join(projectRoot, ".data");
    const args = emulatorArguments(projectRoot, dataDir, "7443");

    const file = args[args.indexOf("--state-file") + 1] ?? "";
    expect(path.dirname(file)).toBe(path.join(dataDir, "entra-emulator"));
    const gitignore = await readFile(path.join(projectRoot, ".gitignore"), "utf8");
    expect(gitignore.split("\n")).toContain(".data/");
  });
});
