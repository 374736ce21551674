import type { HttpRequest } from "@azure/functions";
import { BrokerError } from "../http/BrokerError";

/**
 * Reads an imported file as bytes, refusing more than `maxBytes` (IMPORT_MAX_BYTES): the
 * declared length first, so an honest client is refused before it sends, then what arrived.
 */
export async function readImportBody(request: HttpRequest, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) {
    throw tooLarge(maxBytes);
  }
  // Known gap: a body sent without Content-Length is read whole before its size is checked;
  // the Functions host buffers every body anyway (up to 100 MB), so this costs memory, not safety.
  const bytes = Buffer.from(await request.arrayBuffer());
  if (bytes.length > maxBytes) {
    throw tooLarge(maxBytes);
  }
  return bytes;
}

function tooLarge(maxBytes: number): BrokerError {
  return new BrokerError(
    "payload_too_large",
    `The file is larger than ${maxBytes} bytes, the limit set by IMPORT_MAX_BYTES.`,
  );
}
