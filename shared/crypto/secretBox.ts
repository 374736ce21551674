import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { KeyRing } from "./keyRing";

/** A sealed secret: AES-256-GCM ciphertext with the id of the key that sealed it. */
export interface SealedSecret {
  keyId: string;
  iv: string;
  tag: string;
  ciphertext: string;
}

/** Why a sealed secret could not be opened. */
export class SecretUnreadableError extends Error {
  constructor(
    readonly code: "unknown_key" | "tampered",
    readonly keyId: string,
  ) {
    super(
      code === "unknown_key"
        ? `The data was encrypted with key "${keyId}", which is not in the key ring.`
        : "The data failed its integrity check: it is corrupt, was altered, or belongs elsewhere.",
    );
    this.name = "SecretUnreadableError";
  }
}

/**
 * Seals `plaintext` with the ring's current key. `context` is authenticated but not stored: a
 * secret opened with another context (another tenant, another login) fails its tag check, so a
 * sealed value cannot be moved to where it does not belong.
 */
export function seal(ring: KeyRing, plaintext: Buffer, context: string): SealedSecret {
  // GCM needs a unique 96-bit nonce per key; random nonces are safe far beyond our volumes.
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", ring.current.key, iv);
  cipher.setAAD(Buffer.from(`${ring.current.id}|${context}`, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return {
    keyId: ring.current.id,
    iv: iv.toString("base64"),
    tag: cipher.getAuthTag().toString("base64"),
    ciphertext: ciphertext.toString("base64"),
  };
}

/** Opens a secret sealed by {@link seal} with any key of the ring. */
export function open(ring: KeyRing, sealed: SealedSecret, context: string): Buffer {
  const entry = ring.byId.get(sealed.keyId);
  if (!entry) {
    throw new SecretUnreadableError("unknown_key", sealed.keyId);
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", entry.key, Buffer.from(sealed.iv, "base64"));
    decipher.setAAD(Buffer.from(`${sealed.keyId}|${context}`, "utf8"));
    decipher.setAuthTag(Buffer.from(sealed.tag, "base64"));
    return Buffer.concat([
      decipher.update(Buffer.from(sealed.ciphertext, "base64")),
      decipher.final(),
    ]);
  } catch {
    throw new SecretUnreadableError("tampered", sealed.keyId);
  }
}
