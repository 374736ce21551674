/**
 * Automation endpoints that change what Entra thinks of one user: `POST /_emulator/users/...`
 * with `{"tenant", "username"}`. Each acts on every client the user signed in to.
 */
import { accountOf, badRequest, isReply, jsonFieldsOf, type Account } from "./automationRequests";
import type { EmulatorContext } from "./context";
import { json, type EmulatorRequest, type Reply } from "./http";
import { claimsChallenge } from "./mfaRequirements";
import { consentKeysOf, parseScopes } from "./scopes";

/** Every refresh token the user holds now fails with AADSTS50173; new sign-ins work. */
export function revokeSessions(context: EmulatorContext, request: EmulatorRequest): Reply {
  return withAccount(context, request, ({ tenant, user }) => {
    const revoked = context.grants.revokeRefreshTokens(tenant.tenantId, user.oid, context.now());
    return json(200, { tenantId: tenant.tenantId, username: user.username, revoked });
  });
}

/** Every refresh token the user holds now fails with AADSTS700082; new sign-ins work. */
export function expireRefreshTokens(context: EmulatorContext, request: EmulatorRequest): Reply {
  return withAccount(context, request, ({ tenant, user }) => {
    const expired = context.grants.expireRefreshTokens(tenant.tenantId, user.oid, context.now());
    return json(200, { tenantId: tenant.tenantId, username: user.username, expired });
  });
}

/** Refreshing the user's tokens fails with AADSTS50076 and a claims challenge from now on. */
export function requireMfa(context: EmulatorContext, request: EmulatorRequest): Reply {
  return withAccount(context, request, ({ tenant, user }) => {
    const policyId = context.mfaRequirements.require(tenant.tenantId, user.oid);
    const claims = claimsChallenge(policyId);
    return json(200, { tenantId: tenant.tenantId, username: user.username, policyId, claims });
  });
}

/**
 * Withdraws consent to `scopes` (or all consent when left out) for every client of the user:
 * refreshing for those scopes fails with AADSTS65001 until a sign-in consents again.
 */
export function withdrawConsent(context: EmulatorContext, request: EmulatorRequest): Reply {
  const { scopes } = jsonFieldsOf(request);
  if (scopes !== undefined && !isScopeList(scopes)) {
    return badRequest("scopes must be an array of scope names");
  }
  const keys = scopes === undefined ? undefined : consentKeysOf(parseScopes(scopes.join(" ")));

  return withAccount(context, request, ({ tenant, user }) => {
    const grants = context.grants.withdrawConsent(tenant.tenantId, user.oid, keys);
    return json(200, { tenantId: tenant.tenantId, username: user.username, grants });
  });
}

function withAccount(
  context: EmulatorContext,
  request: EmulatorRequest,
  act: (account: Account) => Reply,
): Reply {
  const { tenant, username } = jsonFieldsOf(request);
  const account = accountOf(context, tenant, username);
  return isReply(account) ? account : act(account);
}

function isScopeList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((scope) => typeof scope === "string" && scope !== "");
}
