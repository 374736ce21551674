import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from "@azure/msal-node";

const TIMEOUT_MS = 15_000;

/**
 * The broker's own calls to Entra (discovery and the device-code grant) go through the same
 * seam as MSAL's: an `INetworkModule`. In production this one, over the platform's `fetch`.
 */
export const fetchTransport: INetworkModule = {
  sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions) =>
    send<T>(url, "GET", options),
  sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) =>
    send<T>(url, "POST", options),
};

async function send<T>(
  url: string,
  method: string,
  options: NetworkRequestOptions | undefined,
): Promise<NetworkResponse<T>> {
  const response = await fetch(url, {
    method,
    headers: options?.headers ?? {},
    ...(options?.body === undefined ? {} : { body: options.body }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = await response.text();
  let body: unknown = {};
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = {};
  }
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers.entries()),
    body: body as T,
  };
}
