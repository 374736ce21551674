import { request } from "node:https";

/** An answer read whole: status, headers and the body as text and (when it parses) JSON. */
export interface ReadAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: unknown;
}

/**
 * Calls the emulator over https, trusting only the local CA given, with certificate checks on.
 * The test process cannot take NODE_EXTRA_CA_CERTS after it started, so it names the CA here.
 */
export function httpsCall(
  url: string,
  ca: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<ReadAnswer> {
  return new Promise((resolve, reject) => {
    const call = request(
      url,
      { method: init.method ?? "GET", headers: init.headers, ca },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            headers[name] = Array.isArray(value) ? value.join(", ") : (value ?? "");
          }
          resolve({ status: res.statusCode ?? 0, headers, text, json });
        });
      },
    );
    call.on("error", reject);
    call.end(init.body);
  });
}
