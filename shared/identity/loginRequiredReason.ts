/**
 * Why an account needs a person to sign in again, in words an admin can act on, chosen from the
 * AADSTS code (Entra's documented meaning), never from token text.
 */
const REASONS: ReadonlyMap<number, string> = new Map([
  [700082, "The refresh token expired after a long time unused; sign in again."],
  [70008, "The refresh token expired or was revoked; sign in again."],
  [70000, "The refresh token is no longer valid; sign in again."],
  [70043, "Conditional access sign-in frequency ended the session; sign in again."],
  [50173, "The session was revoked (password change or sign-out everywhere); sign in again."],
  [50076, "Multi-factor authentication is now required; sign in again."],
  [50079, "Multi-factor authentication must be registered; sign in again."],
  [50078, "The multi-factor authentication has expired; sign in again."],
  [
    65001,
    "Consent for these scopes is missing or was withdrawn; an admin or the user must consent.",
  ],
  [53003, "Conditional access blocks this sign-in; an admin must change the policy."],
  [50057, "The user account is disabled."],
  [50034, "The user no longer exists in the tenant."],
]);

/** The reason for an AADSTS code that Entra sent with a refused refresh. */
export function loginRequiredReason(aadsts: number | undefined): string {
  if (aadsts === undefined || !Number.isFinite(aadsts)) {
    return "No usable token for these scopes; sign in again.";
  }
  return (
    REASONS.get(aadsts) ?? `Entra ID refused the refresh token (AADSTS${aadsts}); sign in again.`
  );
}
