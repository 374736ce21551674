/**
 * Shared pieces for the emulator tests: an https client that trusts only the local CA (TLS
 * verification stays on), an MSAL network client built on it that refuses every other origin,
 * and a hand-driven clock.
 */
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from "@azure/msal-node";
import { request } from "node:https";

export interface TestResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON freely
  json: any;
}

/** Sends one request to `url`, trusting `ca` only. */
export function send(
  url: string,
  ca: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<TestResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? "GET", headers: options.headers, ca, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined)
              headers[name] = Array.isArray(value) ? value.join(", ") : value;
          }
          resolve({ status: res.statusCode ?? 0, headers, text, json: parseJson(text) });
        });
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

/** A client bound to one emulator. */
export class EmulatorClient {
  constructor(
    readonly baseUrl: string,
    private readonly ca: string,
  ) {}

  get(path: string, headers: Record<string, string> = {}): Promise<TestResponse> {
    return send(this.baseUrl + path, this.ca, { headers });
  }

  postForm(
    path: string,
    fields: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<TestResponse> {
    return send(this.baseUrl + path, this.ca, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams(fields).toString(),
    });
  }

  postJson(path: string, body: unknown): Promise<TestResponse> {
    return send(this.baseUrl + path, this.ca, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
  }

  delete(path: string): Promise<TestResponse> {
    return send(this.baseUrl + path, this.ca, { method: "DELETE" });
  }
}

/**
 * MSAL's network seam over node:https with the local CA. Any URL outside the emulator fails
 * without I/O, so a misconfigured test can never reach a real identity provider.
 */
export function emulatorNetworkClient(baseUrl: string, ca: string): INetworkModule {
  const call = async <T>(method: string, url: string, options?: NetworkRequestOptions) => {
    if (new URL(url).origin !== baseUrl) throw new Error(`refused request outside the emulator`);
    const response = await send(url, ca, {
      method,
      ...(options?.headers === undefined ? {} : { headers: options.headers }),
      ...(options?.body === undefined ? {} : { body: options.body }),
    });
    return { status: response.status, headers: response.headers, body: response.json as T };
  };

  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions) =>
      call<T>("GET", url, options) as Promise<NetworkResponse<T>>,
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) =>
      call<T>("POST", url, options) as Promise<NetworkResponse<T>>,
  };
}

/** A clock that moves only when told to. */
export class ManualClock {
  private current: number;

  constructor(start = Date.UTC(2026, 0, 5, 9, 0, 0)) {
    this.current = start;
  }

  readonly now = (): number => this.current;

  advanceSeconds(seconds: number): void {
    this.current += seconds * 1000;
  }
}

/** The claims of a compact JWT, unchecked. */
export function jwtClaims(jwt: string): Record<string, unknown> {
  const payload = jwt.split(".")[1] ?? "";
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Checks an error answer has Entra's shape: 400, AADSTS code first, ids, no Retry-After. */
export function expectEntraError(response: TestResponse, error: string, code: number): void {
  expect(response.status).toBe(400);
  expect(response.headers["retry-after"]).toBeUndefined();
  expect(response.headers["cache-control"]).toBe("no-store");
  expect(response.json).toMatchObject({ error, error_codes: [code] });
  expect(response.json.error_description).toMatch(new RegExp(`^AADSTS${code}: `));
  expect(response.json.error_description).toContain(`Trace ID: ${response.json.trace_id}`);
  expect(response.json.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  expect(response.json.trace_id).toMatch(guid);
}
