import type { EmulatorContext } from "./context";
import { findUserByOid } from "./directory";
import { entraError, formatTimestamp } from "./entraErrors";
import { checkRefreshToken } from "./grants";
import type { Reply } from "./http";
import { parseScopes } from "./scopes";
import { issueTokens } from "./tokenIssuer";
import { sameClient, type TokenRequest } from "./tokenRequest";

/**
 * The refresh token grant (RFC 6749 section 6). One refresh token can mint access tokens for any
 * resource the user consented to for this client; each use returns a new refresh token. Whether
 * the older ones keep working depends on the `refreshTokenRotation` setting.
 */
export function redeemRefreshToken(context: EmulatorContext, call: TokenRequest): Reply {
  const { errors, tenant } = call;
  const refreshToken = call.form.get("refresh_token");
  const scope = call.form.get("scope");
  if (refreshToken === null || refreshToken === "") {
    return entraError("missingParameter", { parameter: "refresh_token" }, errors);
  }
  if (scope === null || scope.trim() === "") {
    return entraError("missingParameter", { parameter: "scope" }, errors);
  }

  const found = context.grants.lookupRefreshToken(refreshToken);
  if (found === undefined) return entraError("refreshTokenInvalid", {}, errors);
  const { grant, record } = found;
  if (grant.tenantId !== tenant.tenantId) {
    return entraError("refreshTokenMismatch", { what: "tenant" }, errors);
  }
  if (!sameClient(grant.clientId, call.clientId)) {
    return entraError("refreshTokenMismatch", { what: "client" }, errors);
  }

  const problem = checkRefreshToken(grant, record, errors.now, context.settings);
  if (problem === "inactive") {
    const issuedAt = formatTimestamp(record.issuedAt);
    const inactiveFor = formatTimeSpan(errors.now - record.lastActivityAt);
    return entraError("refreshTokenInactive", { issuedAt, inactiveFor }, errors);
  }
  if (problem === "superseded") return entraError("refreshTokenInvalid", {}, errors);

  const scopes = parseScopes(scope);
  if (scopes.resources.length > 1) {
    const reason = "it names permissions of more than one resource.";
    return entraError("invalidScope", { reason }, errors);
  }
  const notConsented = scopes.resourceScopes.filter((s) => !grant.consentedScopeKeys.has(s.key));
  if (notConsented.length > 0) {
    const missing = notConsented.map((s) => `'${s.original}'`).join(", ");
    return entraError("consentRequired", { clientId: call.clientId, scopes: missing }, errors);
  }

  const user = findUserByOid(tenant, grant.userOid);
  if (user === undefined) return entraError("refreshTokenInvalid", {}, errors);

  record.lastActivityAt = errors.now;
  return issueTokens(context, {
    tenant,
    user,
    clientId: grant.clientId,
    scopes,
    grant,
    // The grant is already offline (it has a refresh token), so every use rotates it.
    includeRefreshToken: true,
    includeClientInfo: call.includeClientInfo,
  });
}

/** A duration as .NET prints a TimeSpan, which is how Entra's texts show it: `d.hh:mm:ss`. */
function formatTimeSpan(ms: number): string {
  const total = Math.floor(ms / 1000);
  const pad = (n: number): string => String(n).padStart(2, "0");
  const days = Math.floor(total / 86400);
  const hours = Math.floor((total % 86400) / 3600);
  const clock = `${pad(hours)}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
  return days > 0 ? `${days}.${clock}` : clock;
}
