import { BrokerError } from "../http/BrokerError";

/** The failure of a storage call that did not answer as storage should: a 503 worth retrying. */
export function storageUnavailable(what: string, cause: unknown): BrokerError {
  return new BrokerError("storage_unavailable", `${what} cannot be reached.`, {
    cause,
    retryAfterSeconds: 5,
  });
}
