import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { loginView, type Login } from "../logins/Login";

const NO_STORE = { "cache-control": "no-store" };

/** A JSON answer that no proxy or client keeps: it may hold a token or a user code. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}) {
  return {
    status,
    jsonBody: body,
    headers: { ...NO_STORE, ...headers },
  } satisfies HttpResponseInit;
}

/**
 * A `202` that points at a pending login: `Location` is the login's URL, resolved against the
 * request's own URL so that it holds whatever route prefix the host uses; `Retry-After` is the
 * login's polling interval.
 */
export function pendingLoginResponse(
  request: HttpRequest,
  relativeLocation: string,
  login: Login,
  body: unknown,
): HttpResponseInit {
  return jsonResponse(202, body, {
    location: new URL(relativeLocation, request.url).toString(),
    "retry-after": String(login.interval),
  });
}

export { loginView };
