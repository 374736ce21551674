import type { Account, PendingLogin } from "./brokerAnswers";
import { messages } from "./messages";
import type { Output } from "./output";
import type { LoginOutcome } from "./waitForLogin";

/** Tells whoever reads the job log how to sign in. */
export function announceSignIn(login: PendingLogin, output: Output): void {
  output.stderr(messages.signIn(login.verificationUri, login.userCode));
}

/**
 * Tells whoever reads the job log how a login that did not fail ended. `wanted` is the account
 * the job named, if any: someone else signing in does not give the job its token.
 */
export function announceOutcome(
  login: PendingLogin,
  outcome: LoginOutcome,
  output: Output,
  wanted?: string,
): void {
  if (outcome.status === "expired") {
    output.stderr(messages.codeExpired(login.userCode));
    return;
  }

  if (wanted !== undefined && !names(wanted, outcome.account)) {
    output.stderr(messages.otherAccountSignedIn(outcome.account.username, wanted));
    return;
  }
  output.stderr(messages.validToken(outcome.account.username));
  if (outcome.accessTokenExpiresOn !== undefined) {
    output.stderr(messages.refreshedAutomatically(outcome.accessTokenExpiresOn));
  }
}

/** Whether `wanted`, a username or home account id as the broker matches them, names `account`. */
function names(wanted: string, account: Account): boolean {
  const needle = wanted.toLowerCase();
  return [account.username, account.homeAccountId].some((name) => name.toLowerCase() === needle);
}
