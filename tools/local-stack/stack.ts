import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  startEntraEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from "../entra-emulator/emulator";
import { projectRoot } from "../projectRoot";
import { ensureLocalCertificates, type LocalCertificates } from "../localCa";
import { startAzurite, type RunningAzurite } from "./azurite";
import { stopChild } from "./stopChild";
import { httpsCall, type ReadAnswer } from "./httpsClient";

export const ROOT = projectRoot;
const HOST_MAIN = path.join(ROOT, "dist/tools/functions-host/main.js");

/** One local Functions host process serving the built app. */
export interface RunningHost {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Emulator settings for the whole suite (short intervals keep tests fast). */
  emulator?: Omit<EmulatorOptions, "tls">;
  azuriteLocation?: string;
}

/**
 * The whole service on loopback for one suite: Azurite, the Entra ID emulator (in this process,
 * over TLS with a CA made for the run) and local Functions hosts as child processes that trust
 * that CA through NODE_EXTRA_CA_CERTS, so MSAL and the broker use their default transport.
 */
export class Stack {
  readonly functionKey = randomBytes(18).toString("base64url");
  readonly clientId = randomUUID();
  readonly tokenCacheKeys = `k1:${randomBytes(32).toString("base64")}`;
  /** Everything the hosts wrote to stdout and stderr. */
  readonly hostOutput: string[] = [];
  readonly hosts: RunningHost[] = [];
  azurite!: RunningAzurite;
  emulator!: RunningEmulator;
  certs!: LocalCertificates;
  ca = "";

  static async start(options: StackOptions = {}): Promise<Stack> {
    const stack = new Stack();
    stack.certs = await ensureLocalCertificates(mkdtempSync(path.join(tmpdir(), "broker-ca-")));
    stack.ca = readFileSync(stack.certs.caCertPath, "utf8");
    stack.azurite = await startAzurite(
      options.azuriteLocation ? { location: options.azuriteLocation } : {},
    );
    stack.emulator = await startEntraEmulator({
      pollingIntervalSeconds: 1,
      ...options.emulator,
      tls: {
        key: readFileSync(stack.certs.keyPath),
        cert: readFileSync(stack.certs.certPath),
      },
    });
    return stack;
  }

  /** The app settings a host gets; `extra` overrides them. */
  hostEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      AzureWebJobsStorage: this.azurite.connectionString,
      ENTRA_AUTHORITY_HOST: this.emulator.url,
      ENTRA_CLIENT_ID: this.clientId,
      TOKEN_CACHE_KEYS: this.tokenCacheKeys,
      LOCAL_FUNCTION_KEY: this.functionKey,
      DEFAULT_SCOPES: "Group.Read.All",
      NODE_EXTRA_CA_CERTS: this.certs.trustBundlePath,
      ...extra,
    };
  }

  /** Starts one more host process on a free port. */
  async startHost(extra: Record<string, string> = {}): Promise<RunningHost> {
    const child = spawn(
      process.execPath,
      [HOST_MAIN, "--app", ROOT, "--port", "0", "--settings", this.emptySettingsFile()],
      { env: this.hostEnvironment(extra), stdio: ["ignore", "pipe", "pipe"] },
    );
    const url = await new Promise<string>((resolve, reject) => {
      let seen = "";
      const timer = setTimeout(() => reject(new Error(`host did not start:\n${seen}`)), 30_000);
      const onData = (chunk: Buffer) => {
        const text = chunk.toString();
        seen += text;
        this.hostOutput.push(text);
        const match = /Functions host listening at (http:\/\/\S+)/.exec(seen);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      child.on("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`host exited with ${code}:\n${seen}`));
      });
    });
    const host = { url, process: child, stop: () => stopChild(child) };
    this.hosts.push(host);
    return host;
  }

  /** A settings file with no values: the hosts take every setting from their environment. */
  private emptySettingsFile(): string {
    const file = path.join(
      mkdtempSync(path.join(tmpdir(), "broker-settings-")),
      "local.settings.json",
    );
    writeFileSync(file, JSON.stringify({ IsEncrypted: false, Values: {} }));
    return file;
  }

  /** Calls the service with the function key (unless `key` is given, or null for none). */
  async api(
    host: RunningHost,
    pathAndQuery: string,
    init: { method?: string; body?: unknown; rawBody?: string; key?: string | null } = {},
  ): Promise<ReadAnswer> {
    const headers: Record<string, string> = {};
    const key = init.key === undefined ? this.functionKey : init.key;
    if (key !== null) {
      headers["x-functions-key"] = key;
    }
    let body: string | undefined = init.rawBody;
    if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers["content-type"] = "application/json";
    }
    const response = await fetch(`${host.url}${pathAndQuery}`, {
      method: init.method ?? "GET",
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return {
      status: response.status,
      headers: Object.fromEntries(response.headers.entries()),
      text,
      json,
    };
  }

  /**
   * Fires a timer function through the host's admin call, as Azure's admin API does, and waits
   * until the host logs that the run finished.
   */
  async fireTimer(host: RunningHost, name: string, timeoutMs = 60_000): Promise<void> {
    const finished = new RegExp(`\\] ${name} \\([^)]+\\): Executed \\((\\w+)`, "g");
    const before = this.hostOutput.join("").match(finished)?.length ?? 0;
    const answer = await this.api(host, `/admin/functions/${name}`, { method: "POST", body: {} });
    if (answer.status !== 202) {
      throw new Error(`admin call answered ${answer.status}`);
    }
    const deadline = Date.now() + timeoutMs;
    while ((this.hostOutput.join("").match(finished)?.length ?? 0) <= before) {
      if (Date.now() > deadline) {
        throw new Error(`${name} did not finish within ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Calls the emulator (its automation API or its pages). */
  emulatorCall(
    pathAndQuery: string,
    init: { method?: string; json?: unknown; form?: Record<string, string> } = {},
  ): Promise<ReadAnswer> {
    const headers: Record<string, string> = {};
    let body: string | undefined;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers["content-type"] = "application/json";
    } else if (init.form) {
      body = new URLSearchParams(init.form).toString();
      headers["content-type"] = "application/x-www-form-urlencoded";
    }
    return httpsCall(`${this.emulator.url}${pathAndQuery}`, this.ca, {
      method: init.method ?? (body === undefined ? "GET" : "POST"),
      headers,
      ...(body === undefined ? {} : { body }),
    });
  }

  /** Signs in the way a person does: the code form, then the account and consent form. */
  async signInWithForm(userCode: string, username: string): Promise<void> {
    const codePage = await this.emulatorCall("/devicelogin", { form: { code: userCode } });
    if (codePage.status !== 200 || !codePage.text.includes(username)) {
      throw new Error(`sign-in page refused the code: ${codePage.status}`);
    }
    const done = await this.emulatorCall("/devicelogin/consent", {
      form: { code: userCode, username, action: "approve" },
    });
    if (done.status !== 200) {
      throw new Error(`consent page answered ${done.status}`);
    }
  }

  /** Approves or denies a code through the emulator's automation API. */
  async decide(userCode: string, username: string, action: "approve" | "deny"): Promise<void> {
    const answer = await this.emulatorCall("/_emulator/devicelogin", {
      json: { userCode, username, action },
    });
    if (answer.status !== 200) {
      throw new Error(`emulator refused the decision: ${answer.status} ${answer.text}`);
    }
  }

  /** Every secret the emulator has issued so far. */
  async issuedSecrets(): Promise<string[]> {
    const answer = await this.emulatorCall("/_emulator/issued-secrets");
    return Object.values(answer.json as Record<string, string[]>).flat();
  }

  async stop(): Promise<void> {
    await Promise.all(this.hosts.map((host) => host.stop()));
    await this.emulator?.close();
    await this.azurite?.stop({ removeData: true });
  }
}

/** Polls a login until it leaves `pending`, as a client that honours Retry-After would. */
export async function pollUntilDone(
  stack: Stack,
  host: RunningHost,
  location: string,
  timeoutMs = 30_000,
): Promise<ReadAnswer> {
  const deadline = Date.now() + timeoutMs;
  const pathAndQuery = new URL(location, host.url).pathname;
  for (;;) {
    const answer = await stack.api(host, pathAndQuery);
    const status = (answer.json as { status?: string } | undefined)?.status;
    if (answer.status !== 200 || status !== "pending" || Date.now() > deadline) {
      return answer;
    }
    const wait = Number(answer.headers["retry-after"] ?? "1");
    await new Promise((resolve) => setTimeout(resolve, Math.max(wait, 0.2) * 1000));
  }
}
