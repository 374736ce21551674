/**
 * Test controls under `/_emulator/`, JSON in and out. Entra has nothing like them; they let tests
 * act as the person at the sign-in page and look at what the emulator saw.
 *
 *   POST /_emulator/devicelogin          {userCode, username, action: "approve"|"deny"}
 *        -> 200 {status}; 404 unknown code; 400 user not in the tenant; 409 code not pending
 *   GET  /_emulator/devicecodes/{userCode}
 *        -> {userCode, tenantId, clientId, scopes, status, tokenRequests, interval, expiresAt}
 *   GET  /_emulator/refresh-tokens?tenant=&username=   -> {refreshTokens: [...]} newest first
 *   GET  /_emulator/issued-secrets      -> {accessTokens, refreshTokens, idTokens, deviceCodes}
 *   POST /_emulator/config               any runtime setting -> 200 the settings now in force
 */
import type { EmulatorContext } from "./context";
import { statusOf } from "./deviceCodes";
import { decideDeviceLogin } from "./deviceLogin";
import { findTenant, findUser } from "./directory";
import { validRefreshTokens } from "./grants";
import { decodeSegment, json, jsonOf, notFound, type EmulatorRequest, type Reply } from "./http";
import { applySettingsPatch, SettingsError } from "./settings";

const deviceCodesPrefix = "devicecodes/";

/** Routes a request whose path starts with `/_emulator/`. */
export function handleAutomation(context: EmulatorContext, request: EmulatorRequest): Reply {
  const path = request.pathname.slice("/_emulator/".length);
  const get = request.method === "GET";
  const post = request.method === "POST";

  if (post && path === "devicelogin") return decide(context, request);
  if (get && path.startsWith(deviceCodesPrefix)) {
    return describeDeviceCode(context, path.slice(deviceCodesPrefix.length));
  }
  if (get && path === "refresh-tokens") return listRefreshTokens(context, request.query);
  if (get && path === "issued-secrets") return json(200, context.issued);
  if (post && path === "config") return configure(context, request);
  return notFound();
}

function decide(context: EmulatorContext, request: EmulatorRequest): Reply {
  const body = jsonOf(request);
  const fields = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  const { userCode, username, action } = fields;
  if (typeof userCode !== "string" || (action !== "approve" && action !== "deny")) {
    return json(400, { error: 'expected {"userCode", "username", "action": "approve"|"deny"}' });
  }

  const name = typeof username === "string" ? username : undefined;
  const outcome = decideDeviceLogin(context, userCode, name, action);
  switch (outcome.kind) {
    case "decided":
      return json(200, { status: outcome.status });
    case "unknownCode":
      return json(404, { error: "unknown user code" });
    case "unknownUser":
      return json(400, { error: "user is not in the tenant of this device code" });
    case "notPending":
      return json(409, { error: "device code is not pending", status: outcome.status });
  }
}

function describeDeviceCode(context: EmulatorContext, userCode: string): Reply {
  const record = context.deviceCodes.findByUserCode(decodeSegment(userCode));
  if (record === undefined) return json(404, { error: "unknown user code" });

  return json(200, {
    userCode: record.userCode,
    tenantId: record.tenantId,
    clientId: record.clientId,
    scopes: record.scope.split(" ").filter((scope) => scope.length > 0),
    status: statusOf(record, context.now()),
    tokenRequests: record.tokenRequests.map((ms) => new Date(ms).toISOString()),
    interval: record.intervalSeconds,
    expiresAt: new Date(record.expiresAt).toISOString(),
  });
}

function listRefreshTokens(context: EmulatorContext, query: URLSearchParams): Reply {
  const tenant = findTenant(context.directory, query.get("tenant") ?? "");
  const user = tenant && findUser(tenant, query.get("username") ?? "");
  if (tenant === undefined || user === undefined) {
    return json(404, { error: "unknown tenant or username" });
  }

  const now = context.now();
  const refreshTokens = context.grants
    .grantsOfUser(tenant.tenantId, user.oid)
    .flatMap((grant) =>
      validRefreshTokens(grant, now, context.settings).map((record) => ({
        refreshToken: record.token,
        clientId: grant.clientId,
        issuedAt: new Date(record.issuedAt).toISOString(),
        lastActivityAt: new Date(record.lastActivityAt).toISOString(),
      })),
    )
    .sort((a, b) => b.issuedAt.localeCompare(a.issuedAt));
  return json(200, { refreshTokens });
}

function configure(context: EmulatorContext, request: EmulatorRequest): Reply {
  try {
    context.settings = applySettingsPatch(context.settings, jsonOf(request));
    return json(200, context.settings);
  } catch (error) {
    if (error instanceof SettingsError) return json(400, { error: error.message });
    throw error;
  }
}
