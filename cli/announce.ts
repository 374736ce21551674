import type { PendingLogin } from "./brokerAnswers";
import { messages } from "./messages";
import type { Output } from "./output";
import type { LoginOutcome } from "./waitForLogin";

/** Tells whoever reads the job log how to sign in. */
export function announceSignIn(login: PendingLogin, output: Output): void {
  output.stderr(messages.signIn(login.verificationUri, login.userCode));
}

/** Tells whoever reads the job log how a login that did not fail ended. */
export function announceOutcome(login: PendingLogin, outcome: LoginOutcome, output: Output): void {
  if (outcome.status === "expired") {
    output.stderr(messages.codeExpired(login.userCode));
    return;
  }

  output.stderr(messages.validToken(outcome.account.username));
  if (outcome.accessTokenExpiresOn !== undefined) {
    output.stderr(messages.refreshedAutomatically(outcome.accessTokenExpiresOn));
  }
}
