import { ApiError, type Answer } from "./api.js";
import type { Login } from "./types.js";

export interface FollowOptions {
  /** One poll of the login. */
  poll(signal: AbortSignal): Promise<Answer<Login>>;
  signal: AbortSignal;
  /** The `Retry-After` the login started with, in seconds. */
  firstWaitSeconds: number;
  /** Told when polls start failing for a reason that may pass, and when they work again. */
  onTrouble(trouble: boolean): void;
}

// Waits between polls that failed for a passing reason (service unreachable, 5xx).
const TROUBLE_WAIT_SECONDS = 5;
// A login still pending this long after its code expired is taken as expired by the page.
const EXPIRY_GRACE_MS = 60_000;

/**
 * Polls a pending login until it ends, waiting between polls as the API says (`Retry-After`,
 * else the login's interval), as RFC 8628 asks of device-code clients. Failures that may pass
 * are retried; the others end the wait with their error. Aborting the signal stops it.
 */
export async function followLogin(started: Login, options: FollowOptions): Promise<Login> {
  let latest = started;
  let waitSeconds = options.firstWaitSeconds;
  for (;;) {
    await pause(Math.max(waitSeconds, 1) * 1000, options.signal);
    try {
      const { body, retryAfterSeconds } = await options.poll(options.signal);
      options.onTrouble(false);
      if (body.status !== "pending") {
        return body;
      }
      latest = body;
      waitSeconds = retryAfterSeconds ?? body.interval ?? TROUBLE_WAIT_SECONDS;
    } catch (error) {
      if (options.signal.aborted || !mayPass(error)) {
        throw error;
      }
      options.onTrouble(true);
      waitSeconds = Math.max(waitSeconds, TROUBLE_WAIT_SECONDS);
    }
    const expiresAt = Date.parse(latest.expiresOn ?? "");
    if (Date.now() > expiresAt + EXPIRY_GRACE_MS) {
      return { ...latest, status: "expired" };
    }
  }
}

function mayPass(error: unknown): boolean {
  if (!(error instanceof ApiError)) {
    return false;
  }
  const { failure } = error;
  return failure.kind === "unreachable" || (failure.kind === "problem" && failure.status >= 500);
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      return reject(signal.reason);
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
