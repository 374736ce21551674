import type { IncomingMessage } from "node:http";

/** Azure refuses request bodies above 100 MB with 413. */
export const maxRequestBodyBytes = 100 * 1024 * 1024;

export class RequestBodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The request body is larger than ${limit} bytes.`);
    this.name = "RequestBodyTooLargeError";
  }
}

/** Reads the whole request body, refusing more than `limit` bytes (declared or sent). */
export async function readRequestBody(
  request: IncomingMessage,
  limit: number = maxRequestBodyBytes,
): Promise<Buffer> {
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > limit) {
    throw new RequestBodyTooLargeError(limit);
  }

  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > limit) {
      throw new RequestBodyTooLargeError(limit);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
