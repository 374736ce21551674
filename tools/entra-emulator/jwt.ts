import { createHash, generateKeyPair, sign, type KeyObject } from "node:crypto";
import { promisify } from "node:util";

const generateKeyPairAsync = promisify(generateKeyPair);

/** The emulator's token signing key: made at start, never written to disk. */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: { kty: string; n: string; e: string };
}

/** Creates a fresh RSA-2048 key; its `kid` is the RFC 7638 thumbprint of the public key. */
export async function createSigningKey(): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPairAsync("rsa", { modulusLength: 2048 });
  const jwk = publicKey.export({ format: "jwk" });
  if (jwk.n === undefined || jwk.e === undefined) throw new Error("RSA key without n or e");

  const publicJwk = { kty: "RSA", n: jwk.n, e: jwk.e };
  // RFC 7638 section 3: the thumbprint hashes the required members in lexicographic order.
  const canonical = JSON.stringify({ e: publicJwk.e, kty: publicJwk.kty, n: publicJwk.n });
  const kid = createHash("sha256").update(canonical).digest("base64url");
  return { kid, privateKey, publicJwk };
}

/** Signs claims as a compact JWS with RS256 (RFC 7515, RFC 7518 section 3.3). */
export function signJwt(key: SigningKey, claims: Record<string, unknown>): string {
  const header = { typ: "JWT", alg: "RS256", kid: key.kid };
  const input = `${base64urlJson(header)}.${base64urlJson(claims)}`;
  const signature = sign("sha256", Buffer.from(input), key.privateKey);
  return `${input}.${signature.toString("base64url")}`;
}

/** The JWKS document served at `/{tenant}/discovery/v2.0/keys`. */
export function jwksOf(key: SigningKey): { keys: Record<string, string>[] } {
  return { keys: [{ ...key.publicJwk, use: "sig", alg: "RS256", kid: key.kid }] };
}

export function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}
