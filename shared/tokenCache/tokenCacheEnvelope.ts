import type { KeyRing } from "../crypto/keyRing";
import { open, seal, type SealedSecret } from "../crypto/secretBox";
import { asCacheDocument, type CacheDocument } from "./cacheDocument";

const FORMAT = "m365-token-broker/token-cache";
const VERSION = 1;

/**
 * What the blob holds: the format and version, the tenant it belongs to, and the MSAL cache
 * sealed with AES-256-GCM. The tenant is bound into the seal, so a cache copied to another
 * tenant's blob fails to open instead of leaking accounts across tenants.
 */
export interface TokenCacheEnvelope extends SealedSecret {
  format: typeof FORMAT;
  version: typeof VERSION;
  tenantId: string;
}

/** Why an envelope could not be opened; the text names no content. */
export class EnvelopeUnreadableError extends Error {
  constructor(message: string, options?: { cause: unknown }) {
    super(message, options);
    this.name = "EnvelopeUnreadableError";
  }
}

const context = (tenantId: string) => `${FORMAT}|${VERSION}|${tenantId}`;

export function sealTokenCache(
  ring: KeyRing,
  tenantId: string,
  document: CacheDocument,
): TokenCacheEnvelope {
  const sealed = seal(ring, Buffer.from(JSON.stringify(document), "utf8"), context(tenantId));
  return { format: FORMAT, version: VERSION, tenantId, ...sealed };
}

export function openTokenCache(ring: KeyRing, tenantId: string, bytes: Buffer): CacheDocument {
  let envelope: Partial<TokenCacheEnvelope>;
  try {
    envelope = JSON.parse(bytes.toString("utf8")) as Partial<TokenCacheEnvelope>;
  } catch {
    envelope = {};
  }
  if (typeof envelope !== "object" || envelope === null) {
    throw new EnvelopeUnreadableError("it is not a token cache envelope");
  }
  if (envelope.format !== FORMAT || envelope.version !== VERSION) {
    throw new EnvelopeUnreadableError("its format or version is not one this service reads");
  }
  if (envelope.tenantId !== tenantId) {
    throw new EnvelopeUnreadableError("it belongs to another tenant");
  }
  const { keyId, iv, tag, ciphertext } = envelope;
  if (![keyId, iv, tag, ciphertext].every((part) => typeof part === "string")) {
    throw new EnvelopeUnreadableError("it is incomplete");
  }

  let plaintext: Buffer;
  try {
    plaintext = open(ring, envelope as TokenCacheEnvelope, context(tenantId));
  } catch (cause) {
    throw new EnvelopeUnreadableError((cause as Error).message, { cause });
  }
  // The parse error is not kept: its message would quote decrypted content.
  let content: unknown;
  try {
    content = JSON.parse(plaintext.toString("utf8"));
  } catch {
    content = undefined;
  }
  const document = asCacheDocument(content);
  if (!document) {
    throw new EnvelopeUnreadableError("its content is not an MSAL token cache");
  }
  return document;
}
