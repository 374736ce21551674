import type { KeyRing } from "../crypto/keyRing";
import type { CacheDocument } from "../tokenCache/cacheDocument";
import { EnvelopeUnreadableError, openTokenCache } from "../tokenCache/tokenCacheEnvelope";
import { backupProblems } from "./backupProblems";

/**
 * Opens a token cache envelope as the cache blob holds it (a snapshot, or a copy of the blob),
 * turning each way it can fail into the problem a caller can act on. The tenant and the key id
 * are checked before decryption, so that the answer names them; the tenant is also bound into
 * the seal, so an envelope edited to name this tenant still fails.
 */
export function openSealedCache(
  ring: KeyRing,
  tenantId: string,
  bytes: Buffer,
  what: string,
): CacheDocument {
  const envelope = parseObject(bytes);
  if (!envelope) {
    throw backupProblems.unreadable(what, "it is not JSON (it may be truncated)");
  }
  const { tenantId: owner, keyId } = envelope;
  if (typeof owner === "string" && owner.toLowerCase() !== tenantId) {
    throw backupProblems.wrongTenant(what, owner, tenantId);
  }
  if (typeof keyId === "string" && !ring.byId.has(keyId)) {
    throw backupProblems.keyUnknown(what, keyId);
  }

  try {
    return openTokenCache(ring, tenantId, bytes);
  } catch (error) {
    if (error instanceof EnvelopeUnreadableError) {
      throw backupProblems.unreadable(what, error.message);
    }
    throw error;
  }
}

/** Parses bytes as a JSON object; undefined for anything else. */
export function parseObject(bytes: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(bytes.toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
