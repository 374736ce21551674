import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";

/** A request as the emulator's handlers see it: the body is already read. */
export interface EmulatorRequest {
  method: string;
  pathname: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What a handler answers; the router writes it. */
export type Reply =
  | { status: number; json: unknown; headers?: Record<string, string> }
  | { status: number; html: string };

const maxBodyBytes = 1024 * 1024;

/** Reads a request into an {@link EmulatorRequest}; refuses bodies over 1 MiB. */
export async function readRequest(req: IncomingMessage): Promise<EmulatorRequest> {
  const url = new URL(req.url ?? "/", "https://127.0.0.1");
  const chunks: Buffer[] = [];
  let size = 0;

  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBodyBytes) throw new Error("request body too large");
    chunks.push(buffer);
  }

  return {
    method: req.method ?? "GET",
    pathname: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    body: Buffer.concat(chunks).toString("utf8"),
  };
}

/** Writes a reply. Every answer is marked `no-store`: token responses must never be cached. */
export function sendReply(res: ServerResponse, reply: Reply): void {
  const common = { "Cache-Control": "no-store", Pragma: "no-cache" };

  if ("html" in reply) {
    res.writeHead(reply.status, {
      ...common,
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy":
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
      "X-Frame-Options": "DENY",
    });
    res.end(reply.html);
    return;
  }

  res.writeHead(reply.status, {
    ...common,
    ...reply.headers,
    "Content-Type": "application/json; charset=utf-8",
  });
  res.end(JSON.stringify(reply.json));
}

/** The form fields of an `application/x-www-form-urlencoded` body. */
export function formOf(request: EmulatorRequest): URLSearchParams {
  return new URLSearchParams(request.body);
}

/** The JSON body, or undefined when it is not JSON. */
export function jsonOf(request: EmulatorRequest): unknown {
  try {
    return JSON.parse(request.body) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The correlation id Entra echoes: the `client-request-id` header or query parameter that
 * clients such as MSAL send, else a new GUID.
 */
export function correlationIdOf(request: EmulatorRequest): string {
  const header = request.headers["client-request-id"];
  const value =
    (Array.isArray(header) ? header[0] : header) ?? request.query.get("client-request-id");
  return value !== null && value !== undefined && value.length > 0 ? value : randomUUID();
}

/** Decodes one percent-encoded path segment; a malformed one stays as it is. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function json(status: number, body: unknown): Reply {
  return { status, json: body };
}

export function notFound(): Reply {
  return json(404, { error: "not_found", error_description: "No such endpoint." });
}
