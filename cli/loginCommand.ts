import { announceOutcome, announceSignIn } from "./announce";
import type { CommandDependencies } from "./commandDependencies";
import { Deadline } from "./deadline";
import { ExitCode } from "./exitCodes";
import { retryUntilDeadline } from "./retryUntilDeadline";
import { waitForLogin } from "./waitForLogin";

export interface LoginOptions {
  tenant: string;
  scopes: string[];
  timeoutMs?: number;
}

/**
 * Starts a login, announces its code, and waits until someone completes it, starting a new login
 * whenever a code expires. Never prints a token.
 */
export async function loginCommand(
  options: LoginOptions,
  { client, clock, output }: CommandDependencies,
): Promise<ExitCode> {
  const deadline = new Deadline(clock, options.timeoutMs);

  let ticket = await client.startLogin(options.tenant, options.scopes);

  for (;;) {
    announceSignIn(ticket.login, output);

    const outcome = await waitForLogin(ticket, { client, deadline, output });
    announceOutcome(ticket.login, outcome, output);
    if (outcome.status === "completed") return ExitCode.Ok;

    ticket = await retryUntilDeadline(
      () => client.startLogin(options.tenant, options.scopes),
      deadline,
      output,
    );
  }
}
