import { badRequest, jsonFieldsOf } from "./automationRequests";
import type { EmulatorContext } from "./context";
import { statusOf } from "./deviceCodes";
import { decideDeviceLogin } from "./deviceLogin";
import { decodeSegment, json, type EmulatorRequest, type Reply } from "./http";

/** `POST /_emulator/devicelogin`: a person approves or denies a device code. */
export function decideDeviceCode(context: EmulatorContext, request: EmulatorRequest): Reply {
  const { userCode, username, action } = jsonFieldsOf(request);
  if (typeof userCode !== "string" || (action !== "approve" && action !== "deny")) {
    return badRequest('expected {"userCode", "username", "action": "approve"|"deny"}');
  }

  const name = typeof username === "string" ? username : undefined;
  const outcome = decideDeviceLogin(context, userCode, name, action);
  switch (outcome.kind) {
    case "decided":
      return json(200, { status: outcome.status });
    case "unknownCode":
      return json(404, { error: "unknown user code" });
    case "unknownUser":
      return badRequest("user is not in the tenant of this device code");
    case "notPending":
      return json(409, { error: "device code is not pending", status: outcome.status });
  }
}

/** `GET /_emulator/devicecodes/{userCode}`: what the emulator knows of one device code. */
export function describeDeviceCode(context: EmulatorContext, userCode: string): Reply {
  const record = context.deviceCodes.findByUserCode(decodeSegment(userCode));
  if (record === undefined) return json(404, { error: "unknown user code" });

  return json(200, {
    userCode: record.userCode,
    tenantId: record.tenantId,
    clientId: record.clientId,
    scopes: record.scope.split(" ").filter((scope) => scope.length > 0),
    claims: record.claims ?? null,
    status: statusOf(record, context.now()),
    tokenRequests: record.tokenRequests.map((ms) => new Date(ms).toISOString()),
    interval: record.intervalSeconds,
    expiresAt: new Date(record.expiresAt).toISOString(),
  });
}
