import { setTimeout as delay } from "node:timers/promises";

import type { EmulatorContext } from "./context";
import { redeemDeviceCode } from "./deviceCodeGrant";
import type { DirectoryTenant } from "./directory";
import { entraError, errorContextOf } from "./entraErrors";
import { formOf, type EmulatorRequest, type Reply } from "./http";
import { redeemRefreshToken } from "./refreshTokenGrant";

// RFC 8628 section 3.4 names the URN; MSAL sends the short form `device_code`.
const deviceCodeGrantTypes = new Set([
  "urn:ietf:params:oauth:grant-type:device_code",
  "device_code",
]);

/**
 * `POST /{tenant}/oauth2/v2.0/token` as it reaches the wire: waits out the configured latency,
 * answers with an injected fault if one is switched on, and otherwise hands the request to
 * {@link handleTokenRequest}; either way the request is counted. The fault is picked after the
 * wait, so a fault switched on or cleared meanwhile applies to requests already on their way.
 *
 * Known gap: a token request naming an unknown tenant is answered (AADSTS90002) by the router
 * before it gets here, so it is neither delayed, faulted nor counted; moving the tenant check
 * into the grant handlers would fix that.
 */
export async function serveTokenEndpoint(
  context: EmulatorContext,
  tenant: DirectoryTenant,
  request: EmulatorRequest,
): Promise<Reply> {
  const { faults, tokenStats } = context;
  if (faults.latencyMs > 0) await delay(faults.latencyMs);

  const fault = faults.take();
  tokenStats.count(formOf(request).get("grant_type") ?? undefined, fault !== undefined);
  if (fault === undefined) return handleTokenRequest(context, tenant, request);

  const kind = fault.status === 429 ? "throttled" : "serviceUnavailable";
  const extras =
    fault.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: fault.retryAfterSeconds };
  return entraError(kind, {}, errorContextOf(context, request), extras);
}

/** Answers a token request by `grant_type`. */
export function handleTokenRequest(
  context: EmulatorContext,
  tenant: DirectoryTenant,
  request: EmulatorRequest,
): Reply {
  const form = formOf(request);
  const errors = errorContextOf(context, request);
  const grantType = form.get("grant_type");
  const clientId = form.get("client_id");

  if (grantType === null || grantType === "") {
    return entraError("missingParameter", { parameter: "grant_type" }, errors);
  }
  if (clientId === null || clientId === "") {
    return entraError("missingParameter", { parameter: "client_id" }, errors);
  }

  const call = {
    tenant,
    clientId,
    form,
    errors,
    includeClientInfo: form.get("client_info") === "1",
  };
  if (deviceCodeGrantTypes.has(grantType)) return redeemDeviceCode(context, call);
  if (grantType === "refresh_token") return redeemRefreshToken(context, call);
  return entraError("unsupportedGrantType", { grantType }, errors);
}
