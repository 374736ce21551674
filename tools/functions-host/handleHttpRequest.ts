import type { IncomingMessage, ServerResponse } from "node:http";
import { isAuthorized, readFunctionKey } from "./functionKey";
import { adminFunctionName, handleAdminInvoke } from "./handleAdminInvoke";
import { describeError, formatLogLine, type HostLogSink } from "./hostLog";
import { invokeFunction } from "./invokeFunction";
import { readRequestBody, RequestBodyTooLargeError } from "./readRequestBody";
import type { RouteTable } from "./routeTable";
import { splitRequestPath } from "./splitRequestPath";
import type { TimerScheduler } from "./timerScheduler";
import { toHttpRequest } from "./toHttpRequest";
import { toWireResponse, type WireResponse } from "./toWireResponse";

export interface HttpRequestHandlerOptions {
  readonly routes: RouteTable;
  readonly timers: TimerScheduler;
  readonly functionKey: string;
  readonly log: HostLogSink;
  /** Used when a request has no Host header. */
  readonly defaultHost: string;
}

/**
 * Serves one request as Azure's front end does: the admin invoke endpoint, else the function
 * whose route and methods match (404 when none does, empty body), its key check (401, empty
 * body), the body (413 above 100 MB), then the handler. A failed invocation is an empty 500.
 */
export function createHttpRequestHandler(
  options: HttpRequestHandlerOptions,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    serve(request, response, options).catch((error: unknown) => {
      options.log.err(formatLogLine("error", "host", describeError(error)));
      if (!response.headersSent) {
        response.writeHead(500);
      }
      response.end();
    });
  };
}

async function serve(
  request: IncomingMessage,
  response: ServerResponse,
  options: HttpRequestHandlerOptions,
): Promise<void> {
  const url = parseRequestUrl(request, options.defaultHost);
  if (!url) {
    return void response.writeHead(400).end();
  }

  const pathSegments = splitRequestPath(url.pathname);
  const adminName = adminFunctionName(pathSegments);
  if (adminName !== undefined) {
    return handleAdminInvoke(request, response, url, adminName, options);
  }

  const match = options.routes.find(request.method ?? "GET", pathSegments);
  if (!match) {
    return void response.writeHead(404).end();
  }
  const key = readFunctionKey(request.headers, url.searchParams);
  if (!isAuthorized(match.route.authLevel, key, options.functionKey)) {
    return void response.writeHead(401).end();
  }

  let body: Buffer;
  try {
    body = await readRequestBody(request);
  } catch (error) {
    if (error instanceof RequestBodyTooLargeError) {
      return void response.writeHead(413, { connection: "close" }).end();
    }
    throw error;
  }

  const httpRequest = toHttpRequest(request, url, match.params, body);
  const outcome = await invokeFunction(
    match.route.registration,
    httpRequest,
    options.log,
    toWireResponse,
  );
  if (!outcome.succeeded) {
    return void response.writeHead(500).end();
  }
  writeWireResponse(response, outcome.value, request.method === "HEAD");
}

function parseRequestUrl(request: IncomingMessage, defaultHost: string): URL | undefined {
  try {
    return new URL(request.url ?? "/", `http://${request.headers.host ?? defaultHost}`);
  } catch {
    return undefined;
  }
}

function writeWireResponse(response: ServerResponse, wire: WireResponse, isHead: boolean): void {
  response.statusCode = wire.status;
  for (const [name, value] of wire.headers) {
    response.setHeader(name, value);
  }
  if (wire.setCookies.length > 0) {
    response.setHeader("set-cookie", [...wire.setCookies]);
  }
  response.end(isHead ? undefined : wire.body);
}
