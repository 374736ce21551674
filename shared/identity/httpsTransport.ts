import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from "@azure/msal-node";
import { Agent, request } from "node:https";

const TIMEOUT_MS = 15_000;

// One pool of kept-alive TLS connections to Entra per process: a timer run sends thousands of
// refresh requests, and a new TLS handshake for each would cost more than the request itself.
const agent = new Agent({ keepAlive: true, maxSockets: 32 });

/**
 * The broker's own calls to Entra (discovery, the device-code grant, and the refresh timer's
 * refreshes through MSAL) go through MSAL's seam, an `INetworkModule`: this one, over Node's
 * https with kept-alive connections. Certificates are checked as always (the process's trusted
 * roots, plus NODE_EXTRA_CA_CERTS when set).
 */
export const httpsTransport: INetworkModule = {
  sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions) =>
    send<T>(url, "GET", options),
  sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) =>
    send<T>(url, "POST", options),
};

function send<T>(
  url: string,
  method: string,
  options: NetworkRequestOptions | undefined,
): Promise<NetworkResponse<T>> {
  return new Promise((resolve, reject) => {
    const call = request(
      url,
      { method, headers: options?.headers ?? {}, agent, timeout: TIMEOUT_MS },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let body: unknown = {};
          try {
            body = text ? JSON.parse(text) : {};
          } catch {
            body = {};
          }
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(response.headers)) {
            if (value !== undefined) {
              headers[name] = Array.isArray(value) ? value.join(", ") : value;
            }
          }
          resolve({ status: response.statusCode ?? 0, headers, body: body as T });
        });
      },
    );
    call.on("timeout", () =>
      call.destroy(new Error(`No answer from ${new URL(url).host} in time`)),
    );
    call.on("error", reject);
    call.end(options?.body);
  });
}
