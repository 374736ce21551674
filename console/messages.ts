import type { ApiFailure } from "./api.js";
import type { RestorePlan } from "./restorePlan.js";
import type { AccountStatus, Login } from "./types.js";

/** Every sentence the console shows, in one table, so that code never carries prose. */

/** What each account status means for the jobs that use it. */
export const STATUS_WORDS: Readonly<Record<AccountStatus, string>> = {
  active: "Jobs get tokens on their own.",
  login_required: "Jobs get no token until someone signs in again.",
  error: "Microsoft Entra ID was out of reach; the next timer run tries again.",
};

/** An account whose scopes lack consent only in part: `login_required`, yet not for all jobs. */
export const PARTIAL_CONSENT_WORDS =
  "Jobs get tokens for its other scopes; those marked need consent first.";

export const TEXT = {
  keyRejected: "The service did not accept the function key. Enter it again.",
  keyForgotten: "The function key is forgotten in this tab.",
  unreachable:
    "The service cannot be reached. Check that it is running and that this tab can reach it, " +
    "then try again.",
  noTenants: "No tenant yet. Open one by its domain or GUID: the service learns it on first use.",
  noAccounts: "Nobody has signed in to this tenant yet. Add a signed-in account to start.",
  noSnapshots: "No snapshot of this tenant's token cache yet.",
  codeCopied: "The code is copied.",
  codeNotCopied: "The browser did not allow copying; select the code and copy it.",
  waiting: "Waiting for someone to sign in with this code…",
  pollingUnreachable: "The service cannot be reached right now; still trying.",
  codeExpiring: "The code has expired; checking with the service.",
  restoreSafety:
    "A snapshot of the cache as it is now is taken first (labelled before-restore), so this " +
    "restore can be undone.",
  restoreUnreadable:
    "This snapshot was taken of a cache that could not be read; which accounts it holds is not " +
    "known.",
  removeWarning:
    "Its tokens are deleted from the token cache. Jobs that use this account get a sign-in " +
    "prompt until someone signs in again. A snapshot taken before can bring it back.",
  defaultScopes: "Nothing chosen: the service's default scopes (DEFAULT_SCOPES) are asked for.",
} as const;

/** A failed call, in words that say what to do. */
export function failureText(failure: ApiFailure): string {
  switch (failure.kind) {
    case "unauthorized":
      return TEXT.keyRejected;
    case "unreachable":
      return TEXT.unreachable;
    case "problem":
      if (failure.detail === "" && failure.status === 404) {
        return "The service has no such route (HTTP 404); it may be a version without it.";
      }
      return failure.detail === ""
        ? `${failure.title} (HTTP ${failure.status}).`
        : `${failure.title}: ${failure.detail}`;
  }
}

/** Why a login ended without an account. */
export function loginOutcomeText(login: Login): string {
  const reason = login.reason ? ` ${login.reason}` : "";
  switch (login.status) {
    case "declined":
      return `The sign-in was declined.${reason} No account was added.`;
    case "expired":
      return "The code expired before anyone signed in. No account was added; start again.";
    default:
      return `The sign-in failed.${reason} No account was added.`;
  }
}

/** The lines of a restore confirmation that name what will change. */
export function restorePlanLines(plan: RestorePlan): string[] {
  const names = (list: string[]) => list.join(", ");
  const lines: string[] = [];
  const line = (list: string[], text: string) => {
    if (list.length > 0) lines.push(`${text}: ${names(list)}.`);
  };
  line(plan.comeBack, "Come back");
  line(
    plan.comeBackSignedOut,
    "Come back, but need a sign-in, as the snapshot holds no refresh token for them",
  );
  line(plan.stay, "Stay signed in, with the newer of their two refresh tokens");
  line(
    plan.onlyCurrentRefreshToken,
    plan.mode === "replace"
      ? "Lose their refresh token and need a sign-in, as the snapshot holds none for them"
      : "Stay signed in with their current refresh token (the snapshot holds none for them)",
  );
  line(plan.onlySnapshotRefreshToken, "Get the snapshot's refresh token back and stay signed in");
  line(
    plan.noRefreshToken,
    "Still need a sign-in: neither the cache nor the snapshot holds a refresh token for them",
  );
  line(
    plan.unknown,
    "In both; keep the newer refresh token if the snapshot holds one (it does not say)",
  );
  if (plan.notInSnapshot.length > 0) {
    lines.push(
      plan.mode === "replace"
        ? `Removed, as they are not in the snapshot: ${names(plan.notInSnapshot)}.`
        : `Kept as they are: ${names(plan.notInSnapshot)}.`,
    );
  }
  if (lines.length === 0) {
    lines.push("No account changes: the snapshot and the cache hold no accounts.");
  }
  return lines;
}
