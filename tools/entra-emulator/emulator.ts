import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";

import { handleAutomation } from "./automation";
import { EmulatorClock } from "./clock";
import type { EmulatorContext } from "./context";
import { handleDeviceAuthorization } from "./deviceAuthorization";
import { DeviceCodeStore } from "./deviceCodes";
import {
  findTenant,
  loadDefaultDirectory,
  type Directory,
  type DirectoryTenant,
} from "./directory";
import { entraError, errorContextOf } from "./entraErrors";
import { TokenEndpointFaults } from "./faults";
import { GrantStore } from "./grants";
import {
  decodeSegment,
  json,
  notFound,
  readRequest,
  sendReply,
  type EmulatorRequest,
  type Reply,
} from "./http";
import { createSigningKey } from "./jwt";
import { openIdConfiguration, signingKeys } from "./metadata";
import { MfaRequirements } from "./mfaRequirements";
import { applySettingsPatch, defaultSettings, type EmulatorSettings } from "./settings";
import { showCodeForm, submitCode, submitConsent } from "./signInPages";
import { formatState, readStateFile, type EmulatorState } from "./stateFile";
import { ensureStateFolder, StateWriter } from "./stateWriter";
import { serveTokenEndpoint } from "./tokenEndpoint";
import { TokenRequestStats } from "./tokenRequestStats";

export type { Directory, DirectoryTenant, DirectoryUser } from "./directory";
export type { EmulatorSettings, RefreshTokenRotation } from "./settings";

export interface EmulatorOptions extends Partial<EmulatorSettings> {
  /** Server key and certificate; the emulator speaks https only. */
  tls: { key: string | Buffer; cert: string | Buffer };
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Tenants and users; defaults to `tools/entra-emulator/directory.json`. */
  directory?: Directory;
  /** Clock in milliseconds, for tests; defaults to `Date.now`. */
  now?: () => number;
  /**
   * A JSON file that keeps grants, refresh tokens, device codes and MFA requirements across
   * restarts (see stateFile.ts): read at start (missing means empty), rewritten after every
   * change. Without it the emulator forgets everything when it stops.
   */
  stateFile?: string;
}

export interface RunningEmulator {
  /** `https://127.0.0.1:PORT` */
  url: string;
  port: number;
  close(): Promise<void>;
  /** Changes runtime settings, like `POST /_emulator/config`; throws on a bad setting. */
  configure(patch: Partial<EmulatorSettings>): void;
}

/** Starts a local stand-in for Microsoft Entra ID on 127.0.0.1 (see this folder's files). */
export async function startEntraEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const { tls, port = 0, directory, now, stateFile, ...settingsPatch } = options;
  const settings = applySettingsPatch(defaultSettings, withoutUndefined(settingsPatch));
  const saved = stateFile === undefined ? undefined : await readStateFile(stateFile);
  if (stateFile !== undefined) await ensureStateFolder(stateFile);
  // A new signing key at every start, even with a state file: access and id tokens signed before
  // a restart no longer verify against the keys served after it. Refresh tokens, which the
  // state file keeps, are opaque and need no key; the broker never validates access tokens.
  const signingKey = await createSigningKey();
  const server = createServer({ key: tls.key, cert: tls.cert });
  await listen(server, port);

  const address = server.address() as AddressInfo;
  const url = `https://127.0.0.1:${address.port}`;
  const clock = new EmulatorClock(now ?? Date.now);
  const context: EmulatorContext = {
    baseUrl: url,
    directory: directory ?? loadDefaultDirectory(),
    settings,
    now: clock.now,
    clock,
    deviceCodes: new DeviceCodeStore(saved?.deviceCodes),
    grants: new GrantStore(saved?.grants),
    mfaRequirements: new MfaRequirements(saved?.mfaRequirements),
    faults: new TokenEndpointFaults(),
    tokenStats: new TokenRequestStats(),
    signingKey,
    issued: { accessTokens: [], refreshTokens: [], idTokens: [], deviceCodes: [] },
  };
  const render = (): string => formatState(stateOf(context));
  const writer = stateFile === undefined ? undefined : new StateWriter(stateFile, render, render());
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    void serve(context, writer, req, res);
  });

  return {
    url,
    port: address.port,
    close: async () => {
      await close(server);
      await writer?.save();
    },
    configure: (patch) => {
      context.settings = applySettingsPatch(context.settings, patch);
    },
  };
}

async function serve(
  context: EmulatorContext,
  writer: StateWriter | undefined,
  req: IncomingMessage,
  res: ServerResponse,
) {
  try {
    const request = await readRequest(req);
    const reply = await route(context, request);
    // Any request may have changed the state (handlers change the stores' records in place), so
    // each one ends with a save, which writes only if the state differs from the file. It is
    // awaited before answering: a client never holds a refresh token the file does not.
    await writer?.save().catch((error: unknown) => {
      console.error(`entra-emulator: ${messageOf(error)}`);
    });
    sendReply(res, reply);
  } catch (error) {
    // The message of an unexpected error never holds a token; request bodies are not logged.
    console.error(`entra-emulator: ${messageOf(error)}`);
    if (!res.headersSent) sendReply(res, json(500, { error: "server_error" }));
  }
}

function route(context: EmulatorContext, request: EmulatorRequest): Reply | Promise<Reply> {
  const { method, pathname } = request;
  if (pathname.startsWith("/_emulator/")) return handleAutomation(context, request);
  if (pathname === "/devicelogin" && method === "GET") return showCodeForm();
  if (pathname === "/devicelogin" && method === "POST") return submitCode(context, request);
  if (pathname === "/devicelogin/consent" && method === "POST") {
    return submitConsent(context, request);
  }

  const [, tenantSegment = "", ...rest] = pathname.split("/");
  const endpoint = `${method} ${rest.join("/")}`;
  const handler = tenantEndpoints[endpoint];
  if (handler === undefined) return notFound();

  const tenantName = decodeSegment(tenantSegment);
  const tenant = findTenant(context.directory, tenantName);
  if (tenant === undefined) {
    return entraError("tenantNotFound", { tenant: tenantName }, errorContextOf(context, request));
  }
  return handler(context, tenant, request);
}

type TenantHandler = (
  context: EmulatorContext,
  tenant: DirectoryTenant,
  request: EmulatorRequest,
) => Reply | Promise<Reply>;

/**
 * Endpoints under `/{tenant}/`, where the tenant is a GUID or a verified domain. Known gap: the
 * multi-tenant segments `common` and `organizations` are answered as unknown tenants.
 */
const tenantEndpoints: Record<string, TenantHandler | undefined> = {
  "GET v2.0/.well-known/openid-configuration": (context, tenant) =>
    json(200, openIdConfiguration(context, tenant)),
  "GET discovery/v2.0/keys": (context) => json(200, signingKeys(context)),
  "POST oauth2/v2.0/devicecode": handleDeviceAuthorization,
  "POST oauth2/v2.0/token": serveTokenEndpoint,
};

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

function stateOf(context: EmulatorContext): EmulatorState {
  return {
    grants: context.grants.snapshot(),
    deviceCodes: context.deviceCodes.snapshot(),
    mfaRequirements: context.mfaRequirements.snapshot(),
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function withoutUndefined(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}
