/**
 * Test controls under `/_emulator/`, JSON in and out. Entra has nothing like them; they let tests
 * act as the person at the sign-in page, as an administrator or as an outage, and look at what
 * the emulator saw. Malformed requests get 400 `{error}`, unknown tenants or users 404 `{error}`.
 *
 * Sign-ins and tokens
 *   POST /_emulator/devicelogin          {userCode, username, action: "approve"|"deny"}
 *        -> 200 {status}; 404 unknown code; 400 user not in the tenant; 409 code not pending
 *   GET  /_emulator/devicecodes/{userCode}
 *        -> {userCode, tenantId, clientId, scopes, claims, status, tokenRequests, interval,
 *            expiresAt}
 *   GET  /_emulator/refresh-tokens?tenant=&username=
 *        -> {refreshTokens: [{refreshToken, clientId, issuedAt, lastActivityAt}]} accepted now,
 *           every client, newest first
 *   GET  /_emulator/refresh-tokens/current?tenant=[&clientId=]
 *        -> {refreshTokens: [{username, userOid, clientId, refreshToken, issuedAt, valid}]}
 *           the newest refresh token issued per user and client, valid or not
 *   GET  /_emulator/issued-secrets      -> {accessTokens, refreshTokens, idTokens, deviceCodes}
 *
 * Users ({tenant: GUID or domain, username}; every client the user signed in to)
 *   POST /_emulator/users/revoke-sessions       -> 200 {tenantId, username, revoked}
 *        The user's refresh tokens now fail: 400 invalid_grant AADSTS50173, no suberror.
 *        Tokens of later sign-ins work.
 *   POST /_emulator/users/expire-refresh-tokens -> 200 {tenantId, username, expired}
 *        The user's refresh tokens now fail: 400 invalid_grant AADSTS700082, as after the
 *        inactivity timeout. Tokens of later sign-ins work.
 *   POST /_emulator/users/require-mfa           -> 200 {tenantId, username, policyId, claims}
 *        Refreshing fails: 400 invalid_grant AADSTS50076, suberror basic_action, `claims` =
 *        {"access_token":{"capolids":{"essential":true,"values":[policyId]}}}. Only tokens of a
 *        device code login whose /devicecode request carried claims naming policyId work again
 *        (see mfaRequirements.ts); the requirement itself stays.
 *   POST /_emulator/users/withdraw-consent      {..., scopes?: string[]} -> 200 {..., grants}
 *        Refreshing for those scopes (any scope when left out) fails: 400 invalid_grant
 *        AADSTS65001, suberror consent_required, until a sign-in consents again.
 *
 * Token endpoint faults (only `POST /{tenant}/oauth2/v2.0/token`; discovery keeps working)
 *   POST   /_emulator/faults  {status: 429|503, retryAfterSeconds?, count?} and/or {latencyMs}
 *        -> 200 {fault: {status, retryAfterSeconds?, remaining?} | null, latencyMs}
 *        The next `count` token requests (all, when left out) get that status with an Entra
 *        body: 429 temporarily_unavailable AADSTS50196, 503 temporarily_unavailable AADSTS90033,
 *        plus `Retry-After` when retryAfterSeconds is given. A new fault replaces the old one.
 *        latencyMs delays every token endpoint answer, faulted or not (0 removes it).
 *   GET    /_emulator/faults  -> the same shape
 *   DELETE /_emulator/faults  -> removes fault and latency
 *   GET    /_emulator/stats   -> {tokenRequests: {total, byGrantType: {grant_type: n}, faulted}}
 *   DELETE /_emulator/stats   -> counts from zero again
 *
 * Settings and time
 *   POST /_emulator/config    any runtime setting -> 200 the settings now in force
 *   POST /_emulator/clock     {shiftSeconds?: number, reset?: true} -> {offsetSeconds, now}
 *        Moves the emulator's now (shifts add up; reset drops them, then the shift applies):
 *        token lifetimes, device code expiry, polling speed, refresh token inactivity.
 *   GET  /_emulator/clock     -> {offsetSeconds, now}
 */
import type { EmulatorContext } from "./context";
import {
  clearFaults,
  configure,
  describeClock,
  describeStats,
  resetStats,
  setFaults,
  shiftClock,
} from "./controlEndpoints";
import { decideDeviceCode, describeDeviceCode } from "./deviceCodeEndpoints";
import { json, notFound, type EmulatorRequest, type Reply } from "./http";
import { listCurrentRefreshTokens, listRefreshTokens } from "./refreshTokenListing";
import {
  expireRefreshTokens,
  requireMfa,
  revokeSessions,
  withdrawConsent,
} from "./userControlEndpoints";

type AutomationHandler = (context: EmulatorContext, request: EmulatorRequest) => Reply;

const routes: Record<string, AutomationHandler | undefined> = {
  "POST devicelogin": decideDeviceCode,
  "GET refresh-tokens": listRefreshTokens,
  "GET refresh-tokens/current": listCurrentRefreshTokens,
  "GET issued-secrets": (context) => json(200, context.issued),
  "POST users/revoke-sessions": revokeSessions,
  "POST users/expire-refresh-tokens": expireRefreshTokens,
  "POST users/require-mfa": requireMfa,
  "POST users/withdraw-consent": withdrawConsent,
  "POST faults": setFaults,
  "GET faults": (context) => json(200, context.faults.describe()),
  "DELETE faults": clearFaults,
  "GET stats": describeStats,
  "DELETE stats": resetStats,
  "POST config": configure,
  "POST clock": shiftClock,
  "GET clock": describeClock,
};

const deviceCodesPrefix = "devicecodes/";

/** Routes a request whose path starts with `/_emulator/`. */
export function handleAutomation(context: EmulatorContext, request: EmulatorRequest): Reply {
  const path = request.pathname.slice("/_emulator/".length);
  if (request.method === "GET" && path.startsWith(deviceCodesPrefix)) {
    return describeDeviceCode(context, path.slice(deviceCodesPrefix.length));
  }

  const handler = routes[`${request.method} ${path}`];
  return handler === undefined ? notFound() : handler(context, request);
}
