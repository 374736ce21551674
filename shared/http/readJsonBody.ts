import type { HttpRequest } from "@azure/functions";
import { BrokerError } from "./BrokerError";

/** Largest request body the API takes. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Reads a JSON object body. An empty body reads as `{}`; anything larger than
 * {@link MAX_BODY_BYTES}, not JSON, or not an object is refused before any work is done.
 */
export async function readJsonBody(request: HttpRequest): Promise<Record<string, unknown>> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) {
    throw tooLarge();
  }

  const bytes = Buffer.from(await request.arrayBuffer());
  if (bytes.length > MAX_BODY_BYTES) {
    throw tooLarge();
  }
  const text = bytes.toString("utf8").trim();
  if (text === "") {
    return {};
  }

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new BrokerError("invalid_request", "The body is not valid JSON.");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new BrokerError("invalid_request", "The body must be a JSON object.");
  }
  return body as Record<string, unknown>;
}

function tooLarge(): BrokerError {
  return new BrokerError(
    "payload_too_large",
    `The body is larger than ${MAX_BODY_BYTES / 1024} KiB.`,
  );
}
