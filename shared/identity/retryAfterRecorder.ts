import type { INetworkModule, NetworkResponse } from "@azure/msal-node";

/** A network client for MSAL that remembers the last `Retry-After` that Entra sent. */
export interface RetryAfterRecorder extends INetworkModule {
  /** Seconds from the last throttled or failed answer's `Retry-After`, if it had one. */
  readonly lastRetryAfterSeconds: number | undefined;
}

/**
 * Wraps MSAL's network seam to read `Retry-After` on 429 and 5xx answers, which MSAL keeps to
 * itself: the refresh timer must wait that long before it tries again (MSAL would refuse an
 * identical request sooner anyway, from its own throttling memory).
 */
export function recordRetryAfter(transport: INetworkModule): RetryAfterRecorder {
  let last: number | undefined;
  const observe = <T>(response: NetworkResponse<T>): NetworkResponse<T> => {
    if (response.status === 429 || response.status >= 500) {
      const header = Number(response.headers["retry-after"]);
      last = Number.isFinite(header) && header >= 0 ? header : undefined;
    }
    return response;
  };
  return {
    get lastRetryAfterSeconds() {
      return last;
    },
    sendGetRequestAsync: async (url, options, timeout) =>
      observe(await transport.sendGetRequestAsync(url, options, timeout)),
    sendPostRequestAsync: async (url, options) =>
      observe(await transport.sendPostRequestAsync(url, options)),
  };
}
