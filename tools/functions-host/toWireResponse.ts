import { HttpResponse, type HttpResponseInit } from "@azure/functions";
import { formatSetCookie } from "./formatSetCookie";

/** A handler's answer, fully read and ready to write to the socket. */
export interface WireResponse {
  readonly status: number;
  readonly headers: readonly (readonly [string, string])[];
  readonly setCookies: readonly string[];
  readonly body: Buffer;
}

/** Framing headers are Node's job once the body is buffered; the handler's values are dropped. */
const framingHeaders = new Set(["content-length", "transfer-encoding", "set-cookie"]);

/**
 * Converts what an HTTP handler returned, as `@azure/functions` does before the answer leaves
 * the worker: an `HttpResponse` is used as is, any other object is read as `HttpResponseInit`
 * (`status`, `headers`, `cookies`, `body`, `jsonBody`). Nothing (undefined or null) becomes an
 * empty 204. Anything else throws, which fails the invocation. The body is read to the end.
 */
export async function toWireResponse(result: unknown): Promise<WireResponse> {
  if (result === undefined || result === null) {
    return { status: 204, headers: [], setCookies: [], body: Buffer.alloc(0) };
  }
  if (typeof result !== "object") {
    const expected = "an HttpResponse or an HttpResponseInit object";
    throw new TypeError(`An HTTP function must return ${expected}, not a ${typeof result}.`);
  }

  // A response made by another copy of @azure/functions fails instanceof; its getters still read
  // as an HttpResponseInit, so the copy below keeps status, headers, cookies and body.
  const response =
    result instanceof HttpResponse ? result : new HttpResponse(result as HttpResponseInit);
  const headers = [...response.headers].filter(([name]) => !framingHeaders.has(name));
  const setCookies = [...response.headers.getSetCookie(), ...response.cookies.map(formatSetCookie)];
  const body = Buffer.from(await response.arrayBuffer());

  return { status: response.status, headers, setCookies, body };
}
