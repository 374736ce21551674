import { AuthError, InteractionRequiredAuthError, ServerError } from "@azure/msal-node";
import { BrokerError } from "../http/BrokerError";
import { loginRequiredReason } from "./loginRequiredReason";

/** An MSAL failure seen from the broker: a person must sign in, or Entra is out of reach. */
export type MsalFailure =
  | {
      kind: "login_required";
      reason: string;
      /** False when only these scopes lack consent: the account still works for others. */
      accountUnusable: boolean;
      /** The AADSTS code of Entra's refusal; undefined when MSAL had no token to try. */
      aadsts?: number;
      claims?: string;
    }
  | BrokerError;

// AADSTS65001: the user or an admin never consented to these scopes, or withdrew consent.
const CONSENT_MISSING = 65001;

// OAuth errors with which Entra refuses a refresh token for good; retrying cannot help.
const REFUSALS = new Set([
  "invalid_grant",
  "interaction_required",
  "consent_required",
  "login_required",
]);

/**
 * Sorts an error from `acquireTokenSilent`. MSAL reports most refused refresh tokens as
 * `InteractionRequiredAuthError`, but a plain `invalid_grant` without a suberror (AADSTS700082,
 * 50173) arrives as `ServerError`: both mean a person must sign in again. Anything else (network,
 * 5xx, throttling) is Entra being out of reach, which must never page a person.
 */
export function classifyMsalError(error: unknown): MsalFailure {
  if (error instanceof BrokerError) {
    return error;
  }
  if (error instanceof InteractionRequiredAuthError) {
    return loginRequired(error.errorNo, error.claims);
  }
  if (error instanceof ServerError && REFUSALS.has(error.errorCode)) {
    return loginRequired(error.errorNo, undefined);
  }
  const code = error instanceof AuthError ? error.errorCode : "unknown";
  return new BrokerError(
    "identity_provider_unavailable",
    `Entra ID could not refresh the token right now (${code}); try again later.`,
    { cause: error, retryAfterSeconds: 30 },
  );
}

function loginRequired(errorNo: string | undefined, claims: string | undefined): MsalFailure {
  const aadsts = errorNo === undefined ? undefined : Number(errorNo);
  return {
    kind: "login_required",
    reason: loginRequiredReason(aadsts),
    accountUnusable: aadsts !== CONSENT_MISSING,
    ...(aadsts === undefined || Number.isNaN(aadsts) ? {} : { aadsts }),
    ...(claims ? { claims } : {}),
  };
}
