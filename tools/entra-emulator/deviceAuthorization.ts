import type { EmulatorContext } from "./context";
import type { DirectoryTenant } from "./directory";
import { entraError, errorContextOf } from "./entraErrors";
import { formOf, json, type EmulatorRequest, type Reply } from "./http";
import { parseScopes } from "./scopes";

/**
 * `POST /{tenant}/oauth2/v2.0/devicecode`: the device authorization request of RFC 8628
 * section 3.1, answered as Entra does (no `verification_uri_complete`).
 */
export function handleDeviceAuthorization(
  context: EmulatorContext,
  tenant: DirectoryTenant,
  request: EmulatorRequest,
): Reply {
  const form = formOf(request);
  const errors = errorContextOf(context, request);
  const clientId = form.get("client_id");
  const scope = form.get("scope");
  const claims = form.get("claims");

  if (clientId === null || clientId === "") {
    return entraError("missingParameter", { parameter: "client_id" }, errors);
  }
  if (scope === null || scope.trim() === "") {
    return entraError("missingParameter", { parameter: "scope" }, errors);
  }
  if (parseScopes(scope).resources.length > 1) {
    const reason = "it names permissions of more than one resource.";
    return entraError("invalidScope", { reason }, errors);
  }

  const { deviceCodeLifetimeSeconds, pollingIntervalSeconds } = context.settings;
  const record = context.deviceCodes.create({
    tenantId: tenant.tenantId,
    clientId,
    scope,
    ...(claims === null || claims === "" ? {} : { claims }),
    now: errors.now,
    lifetimeSeconds: deviceCodeLifetimeSeconds,
    intervalSeconds: pollingIntervalSeconds,
  });
  context.issued.deviceCodes.push(record.deviceCode);

  const verificationUri = `${context.baseUrl}/devicelogin`;
  return json(200, {
    user_code: record.userCode,
    device_code: record.deviceCode,
    verification_uri: verificationUri,
    expires_in: Math.round(deviceCodeLifetimeSeconds),
    interval: record.intervalSeconds,
    message:
      `To sign in, use a web browser to open the page ${verificationUri} ` +
      `and enter the code ${record.userCode} to authenticate.`,
  });
}
