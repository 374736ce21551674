import { createHash, randomBytes } from "node:crypto";

import type { EmulatorContext } from "./context";
import type { DirectoryTenant, DirectoryUser } from "./directory";
import type { Grant } from "./grants";
import type { Reply } from "./http";
import { base64urlJson, signJwt } from "./jwt";
import { graphResourceId, type ScopeRequest } from "./scopes";

/** Who gets tokens for what, after a grant handler has checked the request. */
export interface TokenIssue {
  tenant: DirectoryTenant;
  user: DirectoryUser;
  clientId: string;
  scopes: ScopeRequest;
  grant: Grant;
  includeRefreshToken: boolean;
  includeClientInfo: boolean;
  /** Conditional access policies the sign-in answered; handed on to the new refresh token. */
  satisfiedPolicyIds: readonly string[];
}

const idTokenLifetimeSeconds = 3600;

/**
 * Builds a successful token response: a signed access token for the one resource of the
 * scopes, an id token when `openid` was asked for (as Entra does), a rotated refresh token when
 * the caller says so, and `client_info` only when the request had `client_info=1`.
 */
export function issueTokens(context: EmulatorContext, issue: TokenIssue): Reply {
  const now = context.now();
  const lifetime = Math.round(context.settings.accessTokenLifetimeSeconds);
  const accessToken = signJwt(context.signingKey, accessTokenClaims(issue, now, lifetime));
  context.issued.accessTokens.push(accessToken);

  const { resourceScopes, openId } = issue.scopes;
  const body: Record<string, unknown> = {
    token_type: "Bearer",
    scope: [...resourceScopes.map((scope) => scope.original), ...openId].join(" "),
    expires_in: lifetime,
    ext_expires_in: lifetime,
    access_token: accessToken,
  };

  if (issue.includeRefreshToken) {
    const { grant, satisfiedPolicyIds } = issue;
    const refreshToken = context.grants.issueRefreshToken(grant, now, satisfiedPolicyIds).token;
    context.issued.refreshTokens.push(refreshToken);
    body.refresh_token = refreshToken;
  }
  if (openId.some((scope) => scope.toLowerCase() === "openid")) {
    const idToken = signJwt(context.signingKey, idTokenClaims(context, issue, now));
    context.issued.idTokens.push(idToken);
    body.id_token = idToken;
  }
  if (issue.includeClientInfo) {
    body.client_info = base64urlJson({ uid: issue.user.oid, utid: issue.tenant.tenantId });
  }
  return { status: 200, json: body };
}

/**
 * Access token claims. The issuer is the v1 form `https://sts.windows.net/{tid}/` with
 * `ver: "1.0"`, because Microsoft Graph access tokens are v1 tokens whatever endpoint issued them;
 * the emulator uses that form for every resource to stay simple.
 */
function accessTokenClaims(
  issue: TokenIssue,
  now: number,
  lifetime: number,
): Record<string, unknown> {
  const seconds = Math.floor(now / 1000);
  const resource = issue.scopes.resources[0] ?? graphResourceId;
  // A request with only OpenID scopes still gets a Graph token, carrying those scopes.
  const scp =
    issue.scopes.resourceScopes.length > 0
      ? issue.scopes.resourceScopes.map((scope) => scope.name)
      : issue.scopes.openId.filter((scope) => scope.toLowerCase() !== "offline_access");

  return {
    aud: resource,
    iss: `https://sts.windows.net/${issue.tenant.tenantId}/`,
    iat: seconds,
    nbf: seconds,
    exp: seconds + lifetime,
    appid: issue.clientId,
    appidacr: "0",
    idtyp: "user",
    name: issue.user.displayName,
    oid: issue.user.oid,
    scp: scp.join(" "),
    sub: pairwiseSubject(issue.user.oid, resource),
    tid: issue.tenant.tenantId,
    unique_name: issue.user.username,
    upn: issue.user.username,
    uti: randomBytes(16).toString("base64url"),
    ver: "1.0",
  };
}

function idTokenClaims(
  context: EmulatorContext,
  issue: TokenIssue,
  now: number,
): Record<string, unknown> {
  const seconds = Math.floor(now / 1000);
  return {
    aud: issue.clientId,
    iss: `${context.baseUrl}/${issue.tenant.tenantId}/v2.0`,
    iat: seconds,
    nbf: seconds,
    exp: seconds + idTokenLifetimeSeconds,
    name: issue.user.displayName,
    oid: issue.user.oid,
    preferred_username: issue.user.username,
    sub: pairwiseSubject(issue.user.oid, issue.clientId),
    tid: issue.tenant.tenantId,
    ver: "2.0",
  };
}

/** Entra's `sub` is pairwise: stable for one user and one application, different across apps. */
function pairwiseSubject(oid: string, audience: string): string {
  return createHash("sha256").update(`${oid}|${audience.toLowerCase()}`).digest("base64url");
}
