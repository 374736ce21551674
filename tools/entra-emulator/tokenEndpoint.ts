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

/** `POST /{tenant}/oauth2/v2.0/token`: dispatches on `grant_type`. */
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
