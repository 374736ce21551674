import type { Deadline } from "./deadline";
import { BrokerProblemError, BrokerUnreachableError } from "./errors";
import { messages } from "./messages";
import type { Output } from "./output";

const firstBackoffMs = 1000;
const longestBackoffMs = 30_000;

/**
 * Calls `ask` until it succeeds, waiting out network errors and 5xx or 429 answers until the
 * deadline: while a person is signing in, a broker restart must not throw away their work. Each
 * wait doubles from one second up to thirty, and is never shorter than `shortestWaitMs` (the poll
 * interval) or the answer's Retry-After.
 */
export async function retryUntilDeadline<T>(
  ask: () => Promise<T>,
  deadline: Deadline,
  output: Output,
  shortestWaitMs = 0,
): Promise<T> {
  for (let failures = 0; ; failures++) {
    try {
      return await ask();
    } catch (error) {
      if (!isTransient(error)) throw error;

      const backoff = Math.min(firstBackoffMs * 2 ** failures, longestBackoffMs);
      const askedMs =
        error instanceof BrokerProblemError ? (error.retryAfterSeconds ?? 0) * 1000 : 0;
      const waitMs = Math.max(backoff, shortestWaitMs, askedMs);
      output.stderr(messages.retrying(error.message, Math.ceil(waitMs / 1000)));
      await deadline.sleep(waitMs);
    }
  }
}

function isTransient(error: unknown): error is Error {
  return (
    error instanceof BrokerUnreachableError ||
    (error instanceof BrokerProblemError && error.transient)
  );
}
