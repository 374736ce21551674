import type { Account } from "./brokerAnswers";
import type { BrokerClient, LoginTicket } from "./brokerClient";
import type { Deadline } from "./deadline";
import { LoginDeclinedError, LoginFailedError } from "./errors";
import type { Output } from "./output";
import { retryUntilDeadline } from "./retryUntilDeadline";

/** How a login that did not fail ended. */
export type LoginOutcome =
  { status: "completed"; account: Account; accessTokenExpiresOn?: string } | { status: "expired" };

export interface WaitForLoginDependencies {
  client: Pick<BrokerClient, "getLogin">;
  deadline: Deadline;
  output: Output;
}

// RFC 8628 §3.2: a client without an interval waits 5 seconds between polls. A Retry-After of 0
// is still held to one second, so that a broker bug cannot turn the wait into a busy loop.
const defaultIntervalSeconds = 5;
const shortestWaitMs = 1000;

/**
 * Polls a login until someone completes it or its code expires, asking no sooner than the
 * broker's Retry-After, or the login's interval when there is none.
 *
 * @throws LoginDeclinedError, LoginFailedError, WaitTimedOutError, or what the client throws for
 * a 4xx answer; network errors and 5xx answers are retried until the deadline.
 */
export async function waitForLogin(
  ticket: LoginTicket,
  { client, deadline, output }: WaitForLoginDependencies,
): Promise<LoginOutcome> {
  const intervalSeconds = ticket.login.interval ?? defaultIntervalSeconds;
  let waitMs = toWaitMs(ticket.retryAfterSeconds ?? intervalSeconds);

  for (;;) {
    await deadline.sleep(waitMs);

    const poll = await retryUntilDeadline(
      () => client.getLogin(ticket.location),
      deadline,
      output,
      waitMs,
    );
    const state = poll.state;
    waitMs = toWaitMs(poll.retryAfterSeconds ?? intervalSeconds);

    switch (state.status) {
      case "pending":
        continue;
      case "completed":
        return state;
      case "expired":
        return state;
      case "declined":
        throw new LoginDeclinedError();
      case "failed":
        throw new LoginFailedError(state.reason);
    }
  }
}

function toWaitMs(seconds: number): number {
  return Math.max(seconds * 1000, shortestWaitMs);
}
