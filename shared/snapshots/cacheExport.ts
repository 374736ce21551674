import type { KeyRing } from "../crypto/keyRing";
import { open, seal, SecretUnreadableError, type SealedSecret } from "../crypto/secretBox";
import { asCacheDocument, type CacheDocument } from "../tokenCache/cacheDocument";
import { backupProblems } from "./backupProblems";
import { cacheUsernames } from "./cacheAccounts";

export const EXPORT_FORMAT = "m365-token-broker/token-cache-export";
const EXPORT_VERSION = 1;

/** Whose cache an export holds: the tenant and the application the tokens were issued to. */
export interface ExportOrigin {
  tenantId: string;
  clientId: string;
}

/**
 * A tenant's token cache as a file a backup job keeps with its data: self-describing (format,
 * version, tenant, application, time, key id and usernames in clear) and sealed with AES-256-GCM.
 */
export interface CacheExport extends SealedSecret {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  tenantId: string;
  clientId: string;
  createdOn: string;
  accounts: string[];
}

const WHAT = "the export";

// Every field in clear is authenticated with the ciphertext: an export moved to another tenant
// or application, or with its account list edited, fails its tag check instead of opening.
const context = (fields: Omit<CacheExport, keyof SealedSecret | "format" | "version">) =>
  JSON.stringify([
    EXPORT_FORMAT,
    EXPORT_VERSION,
    fields.tenantId,
    fields.clientId.toLowerCase(),
    fields.createdOn,
    fields.accounts,
  ]);

export function sealCacheExport(
  ring: KeyRing,
  origin: ExportOrigin,
  document: CacheDocument,
  createdOn: string,
): CacheExport {
  const fields = { ...origin, createdOn, accounts: cacheUsernames(document) };
  const plaintext = Buffer.from(JSON.stringify(document), "utf8");
  const { keyId, iv, tag, ciphertext } = seal(ring, plaintext, context(fields));
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    ...fields,
    keyId,
    iv,
    tag,
    ciphertext,
  };
}

/** True when parsed JSON says it is an export of this service (of any version). */
export function isCacheExport(value: Record<string, unknown>): boolean {
  return value.format === EXPORT_FORMAT;
}

/** Opens an export of `expected`'s cache; every refusal names what did not match. */
export function openCacheExport(
  ring: KeyRing,
  expected: ExportOrigin,
  file: Record<string, unknown>,
): CacheDocument {
  const { version, tenantId, clientId, createdOn, accounts, keyId, iv, tag, ciphertext } = file;
  if (version !== EXPORT_VERSION) {
    throw backupProblems.unreadable(WHAT, "its version is not one this service reads");
  }
  if (typeof tenantId !== "string" || typeof clientId !== "string") {
    throw backupProblems.unreadable(WHAT, "it names no tenant or application");
  }
  if (tenantId.toLowerCase() !== expected.tenantId) {
    throw backupProblems.wrongTenant(WHAT, tenantId, expected.tenantId);
  }
  if (clientId.toLowerCase() !== expected.clientId.toLowerCase()) {
    throw backupProblems.wrongClient(WHAT, clientId, expected.clientId);
  }
  if (typeof keyId === "string" && !ring.byId.has(keyId)) {
    throw backupProblems.keyUnknown(WHAT, keyId);
  }
  const sealed = { keyId, iv, tag, ciphertext };
  if (
    typeof createdOn !== "string" ||
    !isStringArray(accounts) ||
    !Object.values(sealed).every((part) => typeof part === "string")
  ) {
    throw backupProblems.unreadable(WHAT, "it is incomplete");
  }

  let plaintext: Buffer;
  try {
    const fields = { ...expected, createdOn, accounts };
    plaintext = open(ring, sealed as SealedSecret, context(fields));
  } catch (error) {
    if (error instanceof SecretUnreadableError) {
      throw backupProblems.unreadable(
        WHAT,
        "it failed its integrity check (truncated, corrupt or altered)",
      );
    }
    throw error;
  }
  const document = parseDocument(plaintext);
  if (!document) {
    throw backupProblems.unreadable(WHAT, "its content is not an MSAL token cache");
  }
  return document;
}

function parseDocument(plaintext: Buffer): CacheDocument | undefined {
  try {
    return asCacheDocument(JSON.parse(plaintext.toString("utf8")));
  } catch {
    return undefined;
  }
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}
