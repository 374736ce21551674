import type { IncomingMessage } from "node:http";
import { HttpRequest, type HttpRequestInit } from "@azure/functions";

/**
 * Builds the `HttpRequest` a handler receives, shaped as the Azure Functions host sends it to the
 * worker: header names in lower case, a repeated header or query parameter joined with "," into
 * one value, route parameters as strings, the URL as the client addressed it.
 */
export function toHttpRequest(
  request: IncomingMessage,
  url: URL,
  params: Record<string, string>,
  body: Buffer,
): HttpRequest {
  const init: HttpRequestInit = {
    method: request.method ?? "GET",
    url: url.href,
    headers: joinHeaders(request.rawHeaders),
    query: joinQuery(url.searchParams),
    params,
  };
  if (body.length > 0) {
    init.body = { bytes: body };
  }
  return new HttpRequest(init);
}

function joinHeaders(rawHeaders: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = (rawHeaders[index] ?? "").toLowerCase();
    const value = rawHeaders[index + 1] ?? "";
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  return headers;
}

function joinQuery(searchParams: URLSearchParams): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, value] of searchParams) {
    query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
  }
  return query;
}
