import type { EmulatorContext } from "./context";
import { statusOf } from "./deviceCodes";
import { findUserByOid } from "./directory";
import { entraError } from "./entraErrors";
import type { Reply } from "./http";
import { policyIdsAnswered } from "./mfaRequirements";
import { parseScopes } from "./scopes";
import { issueTokens } from "./tokenIssuer";
import { sameClient, type TokenRequest } from "./tokenRequest";

/**
 * The device access token request (RFC 8628 section 3.4) and its answers (section 3.5).
 * Every request that names a known device code is recorded, so tests can see how often a
 * client polled. Final states (redeemed, expired, declined) are reported before polling speed.
 */
export function redeemDeviceCode(context: EmulatorContext, call: TokenRequest): Reply {
  const { errors, tenant } = call;
  const deviceCode = call.form.get("device_code");
  if (deviceCode === null || deviceCode === "") {
    return entraError("missingParameter", { parameter: "device_code" }, errors);
  }

  const record = context.deviceCodes.findByDeviceCode(deviceCode);
  if (record === undefined) return entraError("badVerificationCode", {}, errors);
  const now = errors.now;
  const previousRequest = record.tokenRequests.at(-1);
  record.tokenRequests.push(now);

  if (record.tenantId !== tenant.tenantId) {
    return entraError("deviceCodeMismatch", { what: "tenant" }, errors);
  }
  if (!sameClient(record.clientId, call.clientId)) {
    return entraError("deviceCodeMismatch", { what: "client" }, errors);
  }

  const status = statusOf(record, now);
  if (status === "redeemed") return entraError("deviceCodeRedeemed", {}, errors);
  if (status === "expired") return entraError("expiredToken", {}, errors);
  if (status === "declined") return entraError("authorizationDeclined", {}, errors);

  // RFC 8628 section 3.5: a client polling sooner than `interval` gets slow_down and must add
  // 5 seconds to its interval from then on; the emulator raises this code's interval to match.
  if (previousRequest !== undefined && now - previousRequest < record.intervalSeconds * 1000) {
    record.intervalSeconds += 5;
    return entraError("slowDown", { interval: String(record.intervalSeconds) }, errors);
  }
  if (status === "pending") return entraError("authorizationPending", {}, errors);

  const user = record.userOid === undefined ? undefined : findUserByOid(tenant, record.userOid);
  const grant = user && context.grants.find(tenant.tenantId, user.oid, record.clientId);
  if (user === undefined || grant === undefined)
    return entraError("badVerificationCode", {}, errors);

  record.decision = "redeemed";
  const scopes = parseScopes(record.scope);
  return issueTokens(context, {
    tenant,
    user,
    clientId: record.clientId,
    scopes,
    grant,
    // Entra returns a refresh token only when offline_access was among the scopes.
    includeRefreshToken: scopes.openId.some((scope) => scope.toLowerCase() === "offline_access"),
    includeClientInfo: call.includeClientInfo,
    // A login asked for with a claims challenge answers it (see mfaRequirements).
    satisfiedPolicyIds: policyIdsAnswered(record.claims),
  });
}
