import type { EmulatorContext } from "./context";
import { findUserByOid } from "./directory";
import { entraError, formatTimestamp } from "./entraErrors";
import { checkRefreshToken, type Grant } from "./grants";
import type { Reply } from "./http";
import { graphResourceId, parseScopes, type ScopeRequest } from "./scopes";
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
  if (problem === "revoked") {
    const issuedAt = new Date(record.issuedAt).toISOString();
    const validFrom = new Date(record.revokedAt ?? errors.now).toISOString();
    return entraError("sessionsRevoked", { issuedAt, validFrom }, errors);
  }
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
  const claims = context.mfaRequirements.challengeFor(tenant.tenantId, grant.userOid, record);
  if (claims !== undefined) {
    const resource = scopes.resources[0] ?? graphResourceId;
    return entraError("mfaRequired", { resource }, errors, { claims });
  }

  const notConsented = scopesNeedingConsent(grant, scopes);
  if (notConsented.length > 0) {
    const missing = notConsented.map((scope) => `'${scope}'`).join(", ");
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
    satisfiedPolicyIds: record.satisfiedPolicyIds,
  });
}

/**
 * The requested scopes the user has not consented to for this client. Once all consent was
 * withdrawn that is every scope, OpenID ones included: at Entra those are permissions too.
 */
function scopesNeedingConsent(grant: Grant, scopes: ScopeRequest): string[] {
  if (grant.consentWithdrawn) {
    return [...scopes.resourceScopes.map((scope) => scope.original), ...scopes.openId];
  }
  return scopes.resourceScopes
    .filter((scope) => !grant.consentedScopeKeys.has(scope.key))
    .map((scope) => scope.original);
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
