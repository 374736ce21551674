import { randomUUID } from "node:crypto";

import type { EmulatorContext } from "./context";
import { correlationIdOf, type EmulatorRequest, type Reply } from "./http";

type Params = Readonly<Record<string, string>>;

interface ErrorDefinition {
  error: string;
  code: number;
  suberror?: string;
  /** HTTP status; 400 unless given. */
  status?: number;
  describe: (params: Params) => string;
}

/**
 * Every error the emulator answers, with the OAuth `error`, the AADSTS number and the text.
 * The numbers follow Microsoft's AADSTS reference where it names one; the texts are the
 * emulator's own wording. Entries marked "unverified" are guesses: the documentation does not
 * say which number Entra sends in that case.
 */
const errorTable = {
  tenantNotFound: {
    error: "invalid_tenant",
    code: 90002,
    describe: (p) => `Tenant '${p.tenant}' not found. Check the tenant ID or domain name.`,
  },
  missingParameter: {
    error: "invalid_request",
    code: 900144,
    describe: (p) => `The request body must contain the parameter '${p.parameter}'.`,
  },
  invalidScope: {
    error: "invalid_scope",
    code: 70011,
    describe: (p) => `The value of the input parameter 'scope' is not valid: ${p.reason}`,
  },
  unsupportedGrantType: {
    error: "unsupported_grant_type",
    code: 70003,
    describe: (p) => `The grant type '${p.grantType}' is not supported.`,
  },
  authorizationPending: {
    error: "authorization_pending",
    code: 70016,
    describe: () => "The user has not yet approved this device code. Keep polling.",
  },
  // Unverified: the number Entra sends with authorization_declined is not documented.
  authorizationDeclined: {
    error: "authorization_declined",
    code: 70000,
    describe: () => "The user declined the sign-in request.",
  },
  // 70019 is the reference's "verification code expired". Some clients report 70020 for an
  // expired device code instead; which one Entra sends today is unverified.
  expiredToken: {
    error: "expired_token",
    code: 70019,
    describe: () => "The device code has expired. Start a new sign-in.",
  },
  // Unverified: the number Entra sends with bad_verification_code is not documented.
  badVerificationCode: {
    error: "bad_verification_code",
    code: 70000,
    describe: () => "The device code is not valid.",
  },
  // Entra does not list slow_down at all (it comes from RFC 8628 section 3.5). The number is the
  // emulator's choice: 50196 is Entra's "too many identical requests" code, the closest meaning.
  slowDown: {
    error: "slow_down",
    code: 50196,
    describe: (p) => `Polling too fast. Wait at least ${p.interval} seconds between requests.`,
  },
  // Unverified: number and wording for a second redemption of a device code.
  deviceCodeRedeemed: {
    error: "invalid_grant",
    code: 70000,
    describe: () => "The device code has already been redeemed. Start a new sign-in.",
  },
  // Unverified: number for a device code presented by another client or at another tenant.
  deviceCodeMismatch: {
    error: "invalid_grant",
    code: 70000,
    describe: (p) => `The device code was issued to another ${p.what}.`,
  },
  refreshTokenInvalid: {
    error: "invalid_grant",
    code: 70000,
    describe: () => "The refresh token is not valid or has been superseded.",
  },
  // Unverified: number for a refresh token presented by another client or at another tenant.
  refreshTokenMismatch: {
    error: "invalid_grant",
    code: 70000,
    describe: (p) => `The refresh token was issued to another ${p.what}.`,
  },
  refreshTokenInactive: {
    error: "invalid_grant",
    code: 700082,
    describe: (p) =>
      `The refresh token has expired through inactivity. It was issued on ${p.issuedAt} ` +
      `and was not used for ${p.inactiveFor}.`,
  },
  consentRequired: {
    error: "invalid_grant",
    code: 65001,
    suberror: "consent_required",
    describe: (p) =>
      `The user or an administrator has not consented to application '${p.clientId}' ` +
      `using ${p.scopes}. Send an interactive sign-in request for this user and resource.`,
  },
  // Entra sends no suberror with 50173, so MSAL reports a ServerError, not an interaction error.
  // The text must not name an interaction error string either, or MSAL would reclassify it.
  sessionsRevoked: {
    error: "invalid_grant",
    code: 50173,
    describe: (p) =>
      `The grant is no longer valid because it was revoked (a session revocation or a password ` +
      `change). It was issued on '${p.issuedAt}'; tokens issued before '${p.validFrom}' are ` +
      `refused for this user. Sign in again.`,
  },
  // Conditional access asking for multi-factor authentication: `basic_action` tells clients that
  // a person must sign in again, and the body's `claims` carries the challenge to send along.
  mfaRequired: {
    error: "invalid_grant",
    code: 50076,
    suberror: "basic_action",
    describe: (p) =>
      `A conditional access policy of this organization now requires multi-factor ` +
      `authentication to access '${p.resource}'. Sign in again with the claims of this answer.`,
  },
  // Unverified: the `error` Entra pairs with 50196 on a 429. `temporarily_unavailable` is the
  // OAuth word (RFC 6749 section 4.1.2.1) for a server that cannot answer right now.
  throttled: {
    error: "temporarily_unavailable",
    code: 50196,
    status: 429,
    describe: () =>
      "Too many requests from this client for the same grant. Wait for the time in Retry-After.",
  },
  serviceUnavailable: {
    error: "temporarily_unavailable",
    code: 90033,
    status: 503,
    describe: () => "The service is briefly unavailable because of a transient error. Retry later.",
  },
} satisfies Record<string, ErrorDefinition>;

export type EntraErrorKind = keyof typeof errorTable;

/** Where an error happens: the request's correlation id and the emulator's clock. */
export interface ErrorContext {
  correlationId: string;
  now: number;
}

/** The error context of a request at the emulator's current time. */
export function errorContextOf(context: EmulatorContext, request: EmulatorRequest): ErrorContext {
  return { correlationId: correlationIdOf(request), now: context.now() };
}

/** Parts of an error answer that vary per answer rather than per kind of error. */
export interface ErrorExtras {
  /** A claims challenge (JSON text) for the client to send with its next sign-in. */
  claims?: string;
  /** Sent as `Retry-After`, but only on a 429 or 5xx answer. */
  retryAfterSeconds?: number;
}

/**
 * Builds Entra's error answer: HTTP 400 (429 or 503 for the fault kinds) with `error`,
 * `error_description` ("AADSTSnnn: text", then trace id, correlation id and timestamp on their
 * own lines), `error_codes`, `timestamp`, `trace_id`, `correlation_id` and, for some errors,
 * `suberror` and `claims`. Never a `Retry-After` on a 400: MSAL would throttle the next identical
 * request for as long as it says, which Entra does not ask of clients for a refused grant.
 */
export function entraError(
  kind: EntraErrorKind,
  params: Params,
  context: ErrorContext,
  extras: ErrorExtras = {},
): Reply {
  const definition: ErrorDefinition = errorTable[kind];
  const status = definition.status ?? 400;
  const traceId = randomUUID();
  const timestamp = formatTimestamp(context.now);
  const description =
    `AADSTS${definition.code}: ${definition.describe(params)}\r\n` +
    `Trace ID: ${traceId}\r\nCorrelation ID: ${context.correlationId}\r\nTimestamp: ${timestamp}`;

  const body: Record<string, unknown> = {
    error: definition.error,
    error_description: description,
    error_codes: [definition.code],
    timestamp,
    trace_id: traceId,
    correlation_id: context.correlationId,
  };
  if (definition.suberror !== undefined) body.suberror = definition.suberror;
  if (extras.claims !== undefined) body.claims = extras.claims;

  const retryable = status === 429 || status >= 500;
  if (retryable && extras.retryAfterSeconds !== undefined) {
    return { status, json: body, headers: { "Retry-After": String(extras.retryAfterSeconds) } };
  }
  return { status, json: body };
}

/** Entra's timestamp format: `YYYY-MM-DD HH:MM:SSZ`, UTC. */
export function formatTimestamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d{3}Z$/, "Z");
}
