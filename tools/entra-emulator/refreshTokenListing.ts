import { accountOf, isReply } from "./automationRequests";
import type { EmulatorContext } from "./context";
import { findTenant, findUserByOid } from "./directory";
import { checkRefreshToken, validRefreshTokens } from "./grants";
import { json, type EmulatorRequest, type Reply } from "./http";

/**
 * `GET /_emulator/refresh-tokens?tenant=&username=`: the user's refresh tokens that would be
 * accepted now (revoked, expired and superseded ones left out), every client, newest first.
 */
export function listRefreshTokens(context: EmulatorContext, request: EmulatorRequest): Reply {
  const { query } = request;
  const account = accountOf(context, query.get("tenant") ?? "", query.get("username") ?? "");
  if (isReply(account)) return account;

  const now = context.now();
  const refreshTokens = context.grants
    .grantsOfUser(account.tenant.tenantId, account.user.oid)
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

/**
 * `GET /_emulator/refresh-tokens/current?tenant=[&clientId=]`: for every user and client of the
 * tenant with a refresh token, the newest one issued, whether or not it would still be accepted
 * (`valid` says), so a test can check that a client's cache holds the newest token of every
 * account. Sorted by username, then client id.
 */
export function listCurrentRefreshTokens(
  context: EmulatorContext,
  request: EmulatorRequest,
): Reply {
  const tenant = findTenant(context.directory, request.query.get("tenant") ?? "");
  if (tenant === undefined) return json(404, { error: "unknown tenant" });
  const clientId = request.query.get("clientId")?.toLowerCase();

  const now = context.now();
  const refreshTokens = context.grants
    .grantsOfTenant(tenant.tenantId)
    .filter((grant) => clientId === undefined || grant.clientId.toLowerCase() === clientId)
    .flatMap((grant) => {
      const newest = grant.refreshTokens.at(-1);
      if (newest === undefined) return [];
      return [
        {
          username: findUserByOid(tenant, grant.userOid)?.username ?? grant.userOid,
          userOid: grant.userOid,
          clientId: grant.clientId,
          refreshToken: newest.token,
          issuedAt: new Date(newest.issuedAt).toISOString(),
          valid: checkRefreshToken(grant, newest, now, context.settings) === undefined,
        },
      ];
    })
    .sort((a, b) => a.username.localeCompare(b.username) || a.clientId.localeCompare(b.clientId));
  return json(200, { refreshTokens });
}
