import { announceOutcome, announceSignIn } from "./announce";
import type { CommandDependencies } from "./commandDependencies";
import { Deadline } from "./deadline";
import { ExitCode } from "./exitCodes";
import { retryUntilDeadline } from "./retryUntilDeadline";
import { waitForLogin } from "./waitForLogin";

export interface TokenOptions {
  tenant: string;
  scopes: string[];
  account?: string;
  timeoutMs?: number;
  json: boolean;
}

/**
 * Prints an access token on stdout. When the broker has none, announces its sign-in code and
 * waits for the login; an expired code is replaced by asking for the token again, which makes
 * the broker start a new login.
 */
export async function tokenCommand(
  options: TokenOptions,
  { client, clock, output }: CommandDependencies,
): Promise<ExitCode> {
  const deadline = new Deadline(clock, options.timeoutMs);
  let account = options.account;

  let result = await client.requestToken(options.tenant, options.scopes, account);

  while (result.kind === "loginRequired") {
    const { ticket } = result;
    announceSignIn(ticket.login, output);

    const outcome = await waitForLogin(ticket, { client, deadline, output });
    announceOutcome(ticket.login, outcome, output, options.account);

    // Ask for the account that just signed in, so that the token printed is the one announced
    // even when the broker holds tokens for other accounts of the tenant.
    if (outcome.status === "completed") account ??= outcome.account.homeAccountId;
    result = await retryUntilDeadline(
      () => client.requestToken(options.tenant, options.scopes, account),
      deadline,
      output,
    );
  }

  const { token } = result;
  output.stdout(options.json ? JSON.stringify(token, null, 2) : token.accessToken);
  return ExitCode.Ok;
}
